"""Who may see and act on which referral; every view loads its referral through load_referral.

Needs:
- "view": the receiving unit's staff while the referral is open (sent or accepted) and her
  consent stands; the sending side (anyone who may view the case) at any time.
- "respond": the receiving unit's staff, same conditions (accept, decline, services, complete;
  the operation then checks the exact status and says clearly what is wrong).
- "manage": the sending side with edit rights on the case (withdraw, consent withdrawal).
- "letter": the sending side while the referral is open and her consent stands.
A supervisor of the receiving unit oversees its inbox read-only (decided, issue 13): she views
what her unit's staff view under the same conditions; accepting, declining, recording services
and completing stay with the unit's staff, so the unit's record names who did the work.
Decided (DESIGN.md, "Access control"): the unit reads the shared field groups only once it has
accepted the referral; before that it sees what the decision needs (services, urgency, reason,
sender, and the names of the groups she agreed to share), so a unit that declines never saw her
details. Decided too: once a referral is declined, withdrawn or completed, or her consent is withdrawn, the
unit loses every view of it; its inbox keeps only a line with the reference, dates and status
(no survivor data) so staff can account for their work.
"""

from __future__ import annotations

import uuid
from typing import Literal

from flask import abort, make_response, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.accounts.access import CASE_ROLES, current_staff, organisation_scope, role_allows
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.access import load_case, may_access_case
from casework.cases.models import Case, Incident
from casework.extensions import db
from casework.referrals.models import Referral

Need = Literal["view", "respond", "manage", "letter"]
SENDER_ROLES = CASE_ROLES


def is_recipient(user: User, referral: Referral) -> bool:
    """Whether the user is staff of the unit the referral was sent to."""
    return user.role == "service_staff" and referral.to_org_id == user.organisation_id


def is_overseer(user: User, referral: Referral) -> bool:
    """A supervisor of the receiving unit, who does not also oversee the sending case."""
    return (user.role == "supervisor" and referral.to_org_id in organisation_scope(user)
            and referral.case.organisation_id not in organisation_scope(user))


def unit_side(user: User, referral: Referral) -> bool:
    """Whether the user reads the referral as its receiving unit (staff or supervisor)."""
    return is_recipient(user, referral) or is_overseer(user, referral)


def recipient_has_access(referral: Referral) -> bool:
    """The unit's access lasts while the referral is open and her consent stands."""
    return referral.is_open and referral.consent_active


def unit_sees_shared_fields(referral: Referral) -> bool:
    """The shared groups' values are shown to the unit only while it holds the referral."""
    return referral.status == "accepted" and referral.consent_active


def is_sender(user: User, referral: Referral, need: Need) -> bool:
    """Whether the user works on the referred case on the sending side."""
    case_need = "edit" if need == "manage" else "view"
    return role_allows(user, SENDER_ROLES) and may_access_case(user, referral.case, case_need)


def may_access_referral(user: User, referral: Referral, need: Need) -> bool:
    """The referral rule for one need (see the module docstring)."""
    if need in ("view", "respond") and is_recipient(user, referral):
        return recipient_has_access(referral)
    if need == "view" and is_overseer(user, referral):
        return recipient_has_access(referral)
    if need in ("view", "manage"):
        return is_sender(user, referral, need)
    if need == "letter":
        return is_sender(user, referral, need) and recipient_has_access(referral)
    return False


def find_referral(referral_id: uuid.UUID, lock: bool = False) -> Referral | None:
    """The referral with its case, consent and services loaded (row-locked for changes)."""
    query = (
        select(Referral).where(Referral.id == referral_id)
        .options(
            selectinload(Referral.case).selectinload(Case.survivor),
            selectinload(Referral.case).selectinload(Case.incidents)
            .selectinload(Incident.categories),
            selectinload(Referral.case).selectinload(Case.assignments),
            selectinload(Referral.consent), selectinload(Referral.services),
            selectinload(Referral.transitions),
        )
        .execution_options(populate_existing=True)
    )
    if lock:
        # Two staff acting at once on PostgreSQL: the second waits and then sees the change.
        query = query.with_for_update(of=Referral)
    return db.session.scalar(query)


def _refuse(user: User, referral: Referral | None) -> None:
    """Log the denial and answer 404; the unit's own staff are told their access ended."""
    record("denied", object_type="referral", object_id=referral.id if referral else None,
           case_ref=referral.case.reference if referral else None, outcome="denied")
    if referral is not None and unit_side(user, referral):
        from casework.web import error_page

        abort(make_response(error_page(404, _("This referral has ended or the survivor withdrew her "
                                "consent: your unit no longer has access to it."))))
    abort(404)


def load_referral(referral_id: uuid.UUID, need: Need = "view") -> Referral:
    """The referral if the current user may have it for this need; otherwise a logged 404."""
    user = current_staff()
    referral = find_referral(referral_id, lock=request.method == "POST")
    if referral is None or not may_access_referral(user, referral, need):
        _refuse(user, referral)
    if not unit_side(user, referral):
        # The sending side reads the case's data: the case's own rules apply on top
        # (a supervisor not assigned to the case states her reason first).
        load_case(referral.case.reference, "edit" if need == "manage" else "view")
    return referral
