"""The child pathway: a Bapas community counsellor may be asked for; diversion never for a
case of sexual violence."""

from __future__ import annotations

from casework.accounts.models import Organisation
from casework.extensions import db
from casework.referrals.directory import set_offered_services


def _offer(app, unit, codes):
    with app.app_context():
        set_offered_services(db.session.get(Organisation, unit.id), codes)
        db.session.commit()


def _refer(client, case, unit, service):
    return client.post(f"/cases/{case.reference}/referrals/new", data={
        "unit": str(unit.id), "services": [service], "urgency": "routine", "reason": "Anak.",
        "consent_given": "y", "consent_given_by": "guardian", "guardian_note": "Ibu",
        "child_assent": "assented", "groups": ["identity"]})


def test_diversion_refused_for_sexual_violence(app, kids, as_user, make_case):
    _offer(app, kids.uptd, ["diversion", "bapas_counsellor"])
    sexual = make_case(kids.paralegal, age_band="13-17", consent_given_by="guardian",
                       guardian_note="Ibu", forms=["sexual"], gbv_type="sexual_assault",
                       perpetrator_is_child=True)
    response = _refer(as_user(kids.paralegal), sexual, kids.uptd, "diversion")
    assert response.status_code == 422
    assert "Diversi tidak ditawarkan untuk kasus ini" in response.get_data(as_text=True)


def test_diversion_and_bapas_counsellor_for_other_cases(app, kids, as_user):
    _offer(app, kids.uptd, ["diversion", "bapas_counsellor"])
    client = as_user(kids.paralegal)
    assert _refer(client, kids.child, kids.uptd, "bapas_counsellor").status_code == 302
    page = client.get(f"/cases/{kids.child.reference}/referrals/new").get_data(as_text=True)
    assert "Pembimbing kemasyarakatan (Bapas)" in page
