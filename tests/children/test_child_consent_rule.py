"""The rule for a child's referral consent: her guardian's, or a supervisor's with a reason
where the guardian is the perpetrator, connected to him, or absent; and her own assent."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import Consent
from casework.extensions import db
from tests.children.conftest import GUARDIAN


def _referral(kids, **overrides) -> dict:
    """A referral form for the girl's case to the UPTD PPA."""
    data = {"unit": str(kids.uptd.id), "services": ["psychological"], "urgency": "routine",
            "reason": "Butuh konseling.", "consent_given": "y", "consent_given_by": "guardian",
            "guardian_note": "Ibu Ratna, ibu kandung", "child_assent": "assented",
            "groups": ["identity"]}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _send(client, kids, **overrides):
    return client.post(f"/cases/{kids.child.reference}/referrals/new",
                       data=_referral(kids, **overrides))


def test_guardian_consent_with_assent_is_recorded_and_shown(app, kids, as_user):
    client = as_user(kids.paralegal)
    response = _send(client, kids)
    assert response.status_code == 302
    with app.app_context():
        consent = db.session.scalar(select(Consent).where(
            Consent.case_id == kids.child.id, Consent.purpose == "referral"))
        assert (consent.given_by, consent.child_assent) == ("guardian", "assented")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "pendapat anak sendiri: Ia setuju" in page


def test_child_assent_must_be_recorded(app, kids, as_user):
    response = _send(as_user(kids.paralegal), kids, child_assent="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Catat pendapat anak sendiri tentang rujukan ini" in html
    assert "Butuh konseling." in html  # what was typed is kept


def test_child_alone_is_refused(app, kids, as_user):
    response = _send(as_user(kids.paralegal), kids, consent_given_by="survivor")
    assert response.status_code == 422
    assert "Untuk anak, catat persetujuan bersama walinya" in response.get_data(as_text=True)


def test_guardian_connected_to_the_perpetrator_may_not_consent(app, kids, as_user):
    client = as_user(kids.paralegal)
    client.post(f"/cases/{kids.child.reference}/guardian",
                data={**GUARDIAN, "perpetrator_link": "connected"})
    response = _send(client, kids)
    assert response.status_code == 422
    assert "adalah pelaku atau terkait dengan pelaku" in response.get_data(as_text=True)
    supervisor_consent = _send(client, kids, consent_given_by="supervisor",
                               guardian_note="Ibu adalah istri pelaku; disetujui koordinator")
    assert supervisor_consent.status_code == 302


def test_supervisor_consents_when_no_guardian_is_there(app, kids, as_user):
    response = _send(as_user(kids.paralegal), kids, consent_given_by="supervisor",
                     guardian_note="Anak tinggal sendiri; wali tidak ada", child_assent="too_young")
    assert response.status_code == 302


def test_an_adult_needs_no_assent(app, kids, as_user):
    response = as_user(kids.paralegal).post(
        f"/cases/{kids.adult.reference}/referrals/new",
        data=_referral(kids, consent_given_by="survivor", guardian_note=None, child_assent=None))
    assert response.status_code == 302
