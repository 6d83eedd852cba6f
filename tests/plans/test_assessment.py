"""Assessment: needs with urgency, a risk level the case list shows, reassessments kept."""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.plans.models import Assessment
from tests.plans.conftest import MARKUP, audit_actions


def assessment_data(**overrides) -> dict:
    """A valid assessment form."""
    data = {"based_on": "", "risk_level": "medium", "safety_urgency": "urgent",
            "safety_note": "Suami mengancam lagi.", "health_urgency": "low",
            "legal_urgency": "medium", "summary": "Perlu rumah aman."}
    data.update(overrides)
    return data


def latest_id(app, case) -> str:
    """The id of the case's latest assessment."""
    with app.app_context():
        return str(db.session.scalars(select(Assessment.id).where(Assessment.case_id == case.id)
                                      .order_by(Assessment.assessed_at.desc())).first())


def test_assessment_sets_risk_shown_on_case_and_list(app, as_paralegal, centre):
    """The needs and the risk level show on the case page and the case list."""
    ref = centre.case.reference
    response = as_paralegal.post(f"/cases/{ref}/assessment", data=assessment_data(risk_level="high"))
    assert response.status_code == 302
    page = as_paralegal.get(f"/cases/{ref}").data.decode()
    assert "Suami mengancam lagi." in page and "Mendesak (hari ini)" in page
    assert 'class="risk high"' in page
    assert 'class="risk high"' in as_paralegal.get("/cases/").data.decode()
    assert audit_actions(app, "assessment")[-1] == "create"


def test_reassessment_keeps_history(app, as_paralegal, centre):
    """A second assessment is added; the first is still listed, and the risk follows the latest."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/assessment", data=assessment_data(summary="Penilaian satu"))
    second = assessment_data(based_on=latest_id(app, centre.case), risk_level="low",
                             summary="Penilaian dua")
    assert as_paralegal.post(f"/cases/{ref}/assessment", data=second).status_code == 302
    history = as_paralegal.get(f"/cases/{ref}/assessment").data.decode()
    assert "Penilaian satu" in history and "Penilaian dua" in history
    assert 'class="risk low"' in as_paralegal.get(f"/cases/{ref}").data.decode()
    with app.app_context():
        assert len(db.session.scalars(select(Assessment)).all()) == 2


def test_two_people_assessing_at_once(app, client, login, as_paralegal, centre):
    """Both open the form on the same assessment; the second is told and keeps her text."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/assessment", data=assessment_data())
    base = latest_id(app, centre.case)
    as_paralegal.post(f"/cases/{ref}/assessment", data=assessment_data(based_on=base))
    late = as_paralegal.post(f"/cases/{ref}/assessment",
                             data=assessment_data(based_on=base, summary="Catatan yang terlambat"))
    assert late.status_code == 409
    assert "Catatan yang terlambat" in late.data.decode()
    assert "menyimpan" in late.data.decode()


def test_risk_level_required_and_input_kept(as_paralegal, centre):
    """Without a risk level the form comes back with the message and the notes."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/assessment",
                                 data=assessment_data(risk_level=""))
    assert response.status_code == 422
    assert "Suami mengancam lagi." in response.data.decode()
    assert "risk_level-err" in response.data.decode()


def test_markup_escaped(as_paralegal, centre):
    """Markup typed in a need comes back as text."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/assessment", data=assessment_data(safety_note=MARKUP))
    page = as_paralegal.get(f"/cases/{ref}/assessment").data.decode()
    assert MARKUP not in page and "&lt;script&gt;" in page


def test_too_long_note_refused_not_500(as_paralegal, centre):
    """A note over the limit is refused with a message, the rest kept."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/assessment",
                                 data=assessment_data(health_note="x" * 2001))
    assert response.status_code == 422
    assert "Suami mengancam lagi." in response.data.decode()
