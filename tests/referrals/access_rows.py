"""Rows of the shared authorisation matrix (tests/access) for the referral pages.

The referral of the "own_assigned" and "own_unassigned" cases goes to the World's unit (the
service_staff caller's own); the "other_org" case is referred to a different unit.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from casework.accounts.models import Organisation, User
from casework.accounts.operations import create_organisation
from casework.cases.models import Case
from casework.extensions import db
from casework.referrals.models import Referral
from casework.referrals.operations import make_referral
from tests.access.matrix import ALLOW, DENY, LOGIN, REASON, case_rows, expect, register_arg


def _unit_for(world, relation: str) -> Organisation:
    """The World's unit for own cases; another unit for the other organisation's case."""
    if relation != "other_org":
        return db.session.get(Organisation, world.callers["service_staff"].organisation_id)
    other = db.session.scalar(select(Organisation).where(Organisation.code == "matrix-dinsos"))
    return other or create_organisation("matrix-dinsos", "Dinsos", "dinas_sosial", None, "3204")


def _referral_id(world, relation: str) -> uuid.UUID:
    """A referral of the relation's case (made once per World and relation)."""
    case_id = world.cases.get(relation, world.cases["other_org"]).id
    with world.app.app_context():
        found = db.session.scalar(select(Referral.id).where(Referral.case_id == case_id))
        if found:
            return found
        case = db.session.get(Case, case_id)
        unit = _unit_for(world, relation)
        author = db.session.get(User, case.created_by_id)
        consent = {"given": True, "given_by": "survivor", "groups": ["identity"]}
        services = ["psychological"] if unit.kind == "uptd_ppa" else ["social_rehabilitation"]
        referral = make_referral(case, unit, services, "routine", "x", consent, author)
        db.session.commit()
        return referral.id


def _unit_id(world, _relation: str) -> uuid.UUID:
    """The World's unit, for the new-referral form."""
    return world.callers["service_staff"].organisation_id


register_arg("referral_id", _referral_id, is_object=True)
register_arg("unit_id", _unit_id)

NEW_REFERRAL = {"unit": "{unit_id}", "services": "psychological", "urgency": "routine",
                "reason": "x", "consent_given": "y", "consent_given_by": "survivor"}
SENDER = {"own_assigned": ALLOW, "own_unassigned": DENY, "other_org": DENY}
SENDER_SUPERVISOR = {"own_assigned": ALLOW, "own_unassigned": REASON, "other_org": DENY}
UNIT = {"own_assigned": ALLOW, "own_unassigned": ALLOW, "other_org": DENY}


def _sender_rows(endpoint: str, method: str, data: dict | None = None) -> list:
    """A sender-side referral endpoint: the case's paralegal, a supervisor with a reason."""
    return expect(endpoint, method, data, anonymous=LOGIN, paralegal=SENDER,
                  supervisor=SENDER_SUPERVISOR, service_staff=DENY, admin=DENY)


def _unit_rows(endpoint: str, data: dict | None = None) -> list:
    """A unit-side action: only the receiving unit's staff."""
    return expect(endpoint, "POST", data, anonymous=LOGIN, paralegal=DENY, supervisor=DENY,
                  service_staff=UNIT, admin=DENY)


ROWS = [
    *case_rows("referrals.new", "GET"),
    *case_rows("referrals.new", "POST", data=NEW_REFERRAL),
    *case_rows("referrals.case_referrals", "GET"),
    *case_rows("timeline.case_timeline_page", "GET"),
    *expect("referrals.index", "GET", anonymous=LOGIN, paralegal=ALLOW, supervisor=ALLOW,
            service_staff=ALLOW, admin=DENY),
    *expect("referrals.overdue", "GET", anonymous=LOGIN, paralegal=ALLOW, supervisor=ALLOW,
            service_staff=ALLOW, admin=DENY),
    *expect("referrals.directory", "GET", anonymous=LOGIN, paralegal=ALLOW, supervisor=ALLOW,
            service_staff=ALLOW, admin=ALLOW),
    # The World's org_id is a community centre, never a unit: the admin meets a logged 404.
    *expect("referrals.directory_edit", "GET", anonymous=LOGIN, paralegal=DENY,
            supervisor=DENY, service_staff=DENY, admin=DENY),
    *expect("referrals.directory_edit", "POST", anonymous=LOGIN, paralegal=DENY,
            supervisor=DENY, service_staff=DENY, admin=DENY),
    *expect("referrals.show", "GET", anonymous=LOGIN, paralegal=SENDER,
            supervisor=SENDER_SUPERVISOR, service_staff=UNIT, admin=DENY),
    *_sender_rows("referrals.letter", "GET"),
    *_sender_rows("referrals.withdraw", "POST"),
    *_sender_rows("referrals.consent_withdrawal", "POST", {"confirm": "y"}),
    *_unit_rows("referrals.accept"),
    *_unit_rows("referrals.decline", {"reason": "x"}),
    *_unit_rows("referrals.add_service", {"service_type": "psychological",
                                          "delivered_on": "2026-01-01", "outcome": "provided"}),
    *_unit_rows("referrals.complete", {"note": "x"}),
]
