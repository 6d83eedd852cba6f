"""A child-friendly interview: how it was adapted and who was present, on the case page."""

from __future__ import annotations

from sqlalchemy import select

from casework.children.models import ChildInterview
from casework.extensions import db
from casework.i18n import local_today

INTERVIEW = {"adaptations": ["drawing_play", "trusted_adult"], "present": "Bibi Yuni, psikolog",
             "note": "Ia bercerita dengan menggambar rumahnya."}


def test_interview_recorded_and_shown(app, kids, as_user):
    client = as_user(kids.paralegal)
    response = client.post(f"/cases/{kids.child.reference}/child-interview",
                           data={**INTERVIEW, "interviewed_on": local_today().isoformat()})
    assert response.status_code == 302
    page = client.get(f"/cases/{kids.child.reference}").get_data(as_text=True)
    assert "Gambar, boneka atau permainan" in page
    assert "Didampingi orang dewasa yang ia percaya" in page
    assert "Bibi Yuni, psikolog" in page and "menggambar rumahnya" in page


def test_interview_needs_who_was_present(app, kids, as_user):
    response = as_user(kids.paralegal).post(
        f"/cases/{kids.child.reference}/child-interview",
        data={**INTERVIEW, "present": "", "interviewed_on": local_today().isoformat()})
    assert response.status_code == 422
    assert "menggambar rumahnya" in response.get_data(as_text=True)


def test_no_child_interview_for_an_adult(app, kids, as_user):
    response = as_user(kids.paralegal).post(
        f"/cases/{kids.adult.reference}/child-interview",
        data={**INTERVIEW, "interviewed_on": local_today().isoformat()})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(ChildInterview)) is None
