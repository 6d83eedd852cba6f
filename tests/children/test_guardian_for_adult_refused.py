"""Bad input: a guardian for an adult is refused with a clear message, the typed input kept."""

from __future__ import annotations

from sqlalchemy import select

from casework.children.models import Guardian
from casework.extensions import db
from tests.children.conftest import GUARDIAN


def test_guardian_for_an_adult_is_refused(app, kids, as_user):
    response = as_user(kids.paralegal).post(f"/cases/{kids.adult.reference}/guardian",
                                            data=GUARDIAN)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "wali dan wawancara ramah anak hanya dicatat untuk anak" in html
    assert 'value="Ibu Ratna Wali"' in html
    with app.app_context():
        assert db.session.scalar(select(Guardian).where(Guardian.case_id == kids.adult.id)) is None


def test_an_adult_case_page_offers_no_guardian(app, kids, as_user):
    page = as_user(kids.paralegal).get(f"/cases/{kids.adult.reference}").get_data(as_text=True)
    assert f"/cases/{kids.adult.reference}/guardian" not in page
