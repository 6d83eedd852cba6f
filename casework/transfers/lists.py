"""The lists of the transfers page: proposals waiting for my organisation, answered ones, and
those my side sent (the sender's only trace of a case once it has left)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, false, func, select
from sqlalchemy.orm import selectinload

from casework.accounts.access import CASE_ROLES, organisation_scope, role_allows
from casework.accounts.models import User
from casework.extensions import db
from casework.transfers.models import OPEN_STATUS, CaseTransfer

TABS = ("incoming", "answered", "sent")


def _receiving(user: User) -> ColumnElement[bool]:
    """Transfers to the organisations whose decisions are hers."""
    if user.role == "supervisor":
        return CaseTransfer.to_org_id.in_(organisation_scope(user))
    if user.works_cases:
        return CaseTransfer.to_org_id == user.organisation_id
    return false()


def _sending(user: User) -> ColumnElement[bool]:
    """Transfers her side proposed: her organisations' (supervisor) or her own."""
    if user.role == "supervisor":
        return CaseTransfer.from_org_id.in_(organisation_scope(user))
    return CaseTransfer.proposed_by_id == user.id


def transfer_list(user: User, tab: str) -> Select:
    """One tab of the transfers page: waiting oldest first, the others newest first."""
    if tab == "incoming":
        query = select(CaseTransfer).where(_receiving(user), CaseTransfer.status == OPEN_STATUS)
        order = (CaseTransfer.proposed_at, CaseTransfer.id)
    elif tab == "answered":
        query = select(CaseTransfer).where(_receiving(user), CaseTransfer.status != OPEN_STATUS)
        order = (CaseTransfer.decided_at.desc(), CaseTransfer.id)
    else:
        query = select(CaseTransfer).where(_sending(user))
        order = (CaseTransfer.proposed_at.desc(), CaseTransfer.id)
    return query.options(selectinload(CaseTransfer.from_org), selectinload(CaseTransfer.to_org),
                         selectinload(CaseTransfer.case)).order_by(*order)


def incoming_count(user: User) -> int:
    """How many proposals wait for her organisation's answer (the navigation counter)."""
    if not role_allows(user, CASE_ROLES):
        return 0
    return db.session.scalar(select(func.count(CaseTransfer.id)).where(
        _receiving(user), CaseTransfer.status == OPEN_STATUS)) or 0
