"""Reopening a closed case with a reason, keeping its history; a closed case takes no edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.cases.models import Case, CaseClosure, CaseReopening
from casework.extensions import db
from tests.conftest import case_data

CLOSE = {"reason": "lost_contact", "note": "Tidak bisa dihubungi.", "version": "1"}


@pytest.fixture
def closed(app, as_paralegal, centre):
    """The centre's case, closed by its paralegal."""
    assert as_paralegal.post(f"/cases/{centre.case.reference}/close", data=CLOSE).status_code == 302
    return centre.case


def test_reopen_with_reason_keeps_history(app, as_paralegal, closed):
    """Reopened: status 'Dibuka kembali', the old closing and the reason both still shown."""
    response = as_paralegal.post(f"/cases/{closed.reference}/reopen",
                                 data={"reason": "Penyintas datang lagi", "version": "2"})
    assert response.status_code == 302
    page = as_paralegal.get(f"/cases/{closed.reference}").data.decode()
    assert "Dibuka kembali" in page and "Penyintas datang lagi" in page
    assert "Hilang kontak" in page or "Kehilangan kontak" in page or "lost_contact" not in page
    with app.app_context():
        case = db.session.get(Case, closed.id)
        assert case.status == "reopened" and case.closed_at is None
        assert len(db.session.scalars(select(CaseClosure)).all()) == 1
        assert db.session.scalars(select(CaseReopening)).one().reason == "Penyintas datang lagi"


def test_reopen_needs_reason(as_paralegal, closed):
    """Without a reason the form comes back."""
    response = as_paralegal.post(f"/cases/{closed.reference}/reopen",
                                 data={"reason": "", "version": "2"})
    assert response.status_code == 422


def test_reopen_an_open_case_refused(app, as_paralegal, centre):
    """Only a closed case can be reopened: a message, no change."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/reopen",
                                 data={"reason": "Coba", "version": "1"}, follow_redirects=True)
    assert "Hanya kasus yang sudah ditutup" in response.data.decode()
    with app.app_context():
        assert db.session.scalars(select(CaseReopening)).all() == []


def test_reopened_case_can_close_again(app, as_paralegal, closed):
    """Close, reopen, close: two closings in the history."""
    as_paralegal.post(f"/cases/{closed.reference}/reopen", data={"reason": "Lagi", "version": "2"})
    again = as_paralegal.post(f"/cases/{closed.reference}/close",
                              data={**CLOSE, "reason": "needs_met", "version": "3"})
    assert again.status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(CaseClosure)).all()) == 2


def test_editing_a_closed_case_refused(app, as_paralegal, closed):
    """Edit, note, plan, assessment and closing again are all refused with a message."""
    ref = closed.reference
    edit = as_paralegal.post(f"/cases/{ref}/edit", data={**case_data(name="Baru"), "version": "2"},
                             follow_redirects=True)
    assert "sudah ditutup" in edit.data.decode()
    assessment = as_paralegal.post(f"/cases/{ref}/assessment",
                                   data={"based_on": "", "risk_level": "low"},
                                   follow_redirects=True)
    assert "buka kembali untuk mengubah rencananya" in assessment.data.decode()
    goal = as_paralegal.post(f"/cases/{ref}/goals/new",
                             data={"area": "legal", "description": "Tujuan"}, follow_redirects=True)
    assert "buka kembali untuk mengubah rencananya" in goal.data.decode()
    plan = as_paralegal.post(f"/cases/{ref}/safety-plan",
                             data={"based_on": "0", "safe_places": "X"}, follow_redirects=True)
    assert "buka kembali" in plan.data.decode()
    close = as_paralegal.post(f"/cases/{ref}/close", data={**CLOSE, "version": "2"},
                              follow_redirects=True)
    assert "sudah ditutup" in close.data.decode()
    with app.app_context():
        assert db.session.get(Case, closed.id).survivor.name == "Siti Aminah"
