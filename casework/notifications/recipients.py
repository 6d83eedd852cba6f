"""Who is told of an event: staff of an organisation, its supervisors, a case's staff."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select

from casework.accounts.models import Organisation, User
from casework.accounts.roles import CASEWORKER_ROLES
from casework.cases.models import Case, CaseAssignment
from casework.extensions import db


def overseeing_organisations(org_id: uuid.UUID) -> set[uuid.UUID]:
    """The organisation and those above it in the tree: their supervisors oversee it (the
    reverse of casework.accounts.access.child_organisation_ids)."""
    found: set[uuid.UUID] = set()
    current: uuid.UUID | None = org_id
    while current is not None and current not in found:
        found.add(current)
        current = db.session.scalar(select(Organisation.parent_id)
                                    .where(Organisation.id == current))
    return found


def supervisors_of(org_id: uuid.UUID) -> list[User]:
    """Active supervisors who oversee this organisation (its own and those above it)."""
    return list(db.session.scalars(
        select(User).where(User.role == "supervisor", User.active.is_(True),
                           User.organisation_id.in_(overseeing_organisations(org_id)))
        .order_by(User.username)))


def staff_of(org_id: uuid.UUID, roles: Iterable[str]) -> list[User]:
    """Active staff of these roles at the organisation itself."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == org_id, User.role.in_(tuple(roles)),
                           User.active.is_(True)).order_by(User.username)))


def organisation_recipients(org_id: uuid.UUID) -> list[User]:
    """Who is told of work for an organisation (a new referral for a unit, a transfer to a
    centre): its service staff and case managers, and the supervisors who oversee it."""
    return unique([*staff_of(org_id, CASEWORKER_ROLES), *supervisors_of(org_id)])


def case_staff(case_id: uuid.UUID) -> list[User]:
    """Active staff assigned to the case now."""
    return list(db.session.scalars(
        select(User).join(CaseAssignment, CaseAssignment.user_id == User.id)
        .where(CaseAssignment.case_id == case_id, CaseAssignment.ended_at.is_(None),
               User.active.is_(True))))


def referral_people(sender_id: uuid.UUID | None, case_id: uuid.UUID) -> list[User]:
    """Who hears of a referral's answer or its escalation: the case's staff now, and its
    sender only while her organisation still holds the case (after a transfer she belongs to
    the organisation that gave it up, and the new holder's case worker is the one to tell)."""
    sender = db.session.get(User, sender_id) if sender_id else None
    holder = db.session.scalar(select(Case.organisation_id).where(Case.id == case_id))
    if sender is not None and (not sender.active or sender.organisation_id != holder):
        sender = None
    return unique([sender, *case_staff(case_id)])


def admins() -> list[User]:
    """Every active system administrator."""
    return list(db.session.scalars(
        select(User).where(User.role == "admin", User.active.is_(True)).order_by(User.username)))


def unique(users: Iterable[User | None]) -> list[User]:
    """Each user once, in the order first met, without the missing ones."""
    seen: dict[uuid.UUID, User] = {}
    for user in users:
        if user is not None and user.id not in seen:
            seen[user.id] = user
    return list(seen.values())
