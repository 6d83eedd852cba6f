"""A child's guardian or caregiver: recorded from the case page, shown there, contact only
when it is safe."""

from __future__ import annotations

from sqlalchemy import select

from casework.children.models import Guardian
from casework.extensions import db
from tests.children.conftest import GUARDIAN


def test_guardian_recorded_and_shown_on_the_case_page(app, kids, as_user):
    client = as_user(kids.paralegal)
    response = client.post(f"/cases/{kids.child.reference}/guardian",
                           data={**GUARDIAN, "safe_to_contact": "y", "contact": "+6281311112222"})
    assert response.status_code == 302
    page = client.get(f"/cases/{kids.child.reference}").get_data(as_text=True)
    assert "Ibu Ratna Wali" in page and "Ibu" in page
    assert "+6281311112222" in page
    assert "Tidak terkait dengan pelaku" in page


def test_guardian_changed_not_duplicated(app, kids, as_user):
    client = as_user(kids.paralegal)
    client.post(f"/cases/{kids.child.reference}/guardian", data=GUARDIAN)
    client.post(f"/cases/{kids.child.reference}/guardian",
                data={**GUARDIAN, "name": "Nenek Sumi", "relationship": "grandparent"})
    with app.app_context():
        rows = db.session.scalars(select(Guardian).where(Guardian.case_id == kids.child.id)).all()
        assert [(g.name, g.relationship) for g in rows] == [("Nenek Sumi", "grandparent")]


def test_contact_refused_when_not_safe_and_input_kept(app, kids, as_user):
    client = as_user(kids.paralegal)
    response = client.post(f"/cases/{kids.child.reference}/guardian",
                           data={**GUARDIAN, "contact": "+6281311112222"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kosongkan kontak kecuali aman menghubungi wali." in html
    assert 'value="Ibu Ratna Wali"' in html and 'value="+6281311112222"' in html
    with app.app_context():
        assert db.session.scalar(select(Guardian).where(Guardian.case_id == kids.child.id)) is None


def test_guardian_who_is_the_perpetrator_is_flagged(app, kids, as_user):
    client = as_user(kids.paralegal)
    client.post(f"/cases/{kids.child.reference}/guardian",
                data={**GUARDIAN, "name": "Bapak Tiri", "relationship": "other",
                      "perpetrator_link": "perpetrator"})
    page = client.get(f"/cases/{kids.child.reference}").get_data(as_text=True)
    assert "Wali ini tidak boleh memberi persetujuan untuk anak" in page
    assert "Tidak aman dihubungi" in page
