"""Referral pages and steps: each look and each step writes its entry with the case reference."""

import uuid

from sqlalchemy import select

from casework.accounts.models import Organisation, User
from casework.accounts.operations import create_organisation
from casework.cases.models import Case
from casework.extensions import db
from casework.i18n import local_today
from casework.referrals.models import Referral
from casework.referrals.operations import accept_referral, make_referral
from tests.audit.coverage import audited

CONSENT = {"given": True, "given_by": "survivor", "groups": ["identity", "safe_contact"]}


def _unit(world, _values) -> dict:
    """A service unit the case has no open referral to (a new one, so the referral form
    never meets a referral to the same unit already open)."""
    with world.app.app_context():
        unit = create_organisation(f"audit-unit-{uuid.uuid4().hex[:6]}", "UPTD PPA Audit",
                                   "uptd_ppa", None, "320405")
        db.session.commit()
        return {"unit_id": unit.id}


def _open_referral(case: Case, unit: Organisation, author: User) -> Referral:
    """The case's open referral to the unit, made now unless one was made already."""
    found = db.session.scalar(select(Referral).where(
        Referral.case_id == case.id, Referral.to_org_id == unit.id, Referral.status == "sent"))
    return found or make_referral(case, unit, ["psychological"], "routine", "Butuh konseling.",
                                  CONSENT, author)


def _referral(world, _values, accepted: bool = False) -> dict:
    """A referral of the paralegal's case to the World's unit, sent (or also accepted)."""
    with world.app.test_request_context("/"):
        case = db.session.get(Case, world.cases["own_assigned"].id)
        unit = db.session.get(Organisation, world.callers["service_staff"].organisation_id)
        author = db.session.get(User, world.callers["paralegal"].id)
        referral = _open_referral(case, unit, author)
        if accepted:
            accept_referral(referral, db.session.get(User, world.callers["service_staff"].id))
        referral_id = referral.id
        db.session.commit()
    return {"referral_id": referral_id}


def _accepted(world, values) -> dict:
    """A referral the unit has accepted."""
    return _referral(world, values, accepted=True)


ROWS = [
    audited("referrals.new", "GET", "view", object_type="case"),
    audited("referrals.new", "POST", "refer", object_type="referral", setup=_unit, label="send",
            data={"unit": "{unit_id}", "services": "psychological", "urgency": "routine",
                  "reason": "Butuh konseling psikologis.", "consent_given": "y",
                  "consent_given_by": "survivor", "groups": "identity"}),
    audited("referrals.case_referrals", "GET", "list", object_type="referral"),
    audited("referrals.index", "GET", "list", object_type="referral", with_case_ref=False),
    audited("referrals.overdue", "GET", "list", object_type="referral", with_case_ref=False),
    audited("referrals.show", "GET", "view", object_type="referral", setup=_referral),
    audited("referrals.show", "GET", "view", object_type="referral", setup=_referral,
            role="service_staff", label="unit"),
    audited("referrals.letter", "GET", "print", object_type="referral", setup=_referral),
    audited("referrals.accept", "POST", "accept", object_type="referral", setup=_referral,
            role="service_staff"),
    audited("referrals.decline", "POST", "decline", object_type="referral", setup=_referral,
            role="service_staff", data={"reason": "Di luar wilayah kami."}),
    audited("referrals.add_service", "POST", "create", object_type="service", setup=_accepted,
            role="service_staff", data={"service_type": "psychological", "outcome": "provided",
                                        "delivered_on": local_today().isoformat()}),
    audited("referrals.complete", "POST", "complete", object_type="referral", setup=_accepted,
            role="service_staff", data={"note": "Konseling selesai."}),
    audited("referrals.withdraw", "POST", "withdraw", object_type="referral", setup=_referral),
    audited("referrals.consent_withdrawal", "POST", "consent_withdrawn", object_type="referral",
            setup=_referral, data={"confirm": "y"}),
]

NO_SURVIVOR_DATA = {
    ("referrals.directory", "GET"): "the directory of service units, no case",
    ("referrals.directory_edit", "GET"): "a service unit's entry, no case",
    ("referrals.directory_edit", "POST"): "a service unit's entry, no case (audited as update)",
}
