"""Whose entries of the access log a reader may see."""

from __future__ import annotations

import uuid

from flask import abort
from sqlalchemy import Select, exists, or_, select

from casework.accounts.access import organisation_scope
from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.audit.operations import record
from casework.cases.models import Case
from casework.extensions import db


def entries_in_scope(user: User) -> Select:
    """Entries by staff of the organisations a supervisor oversees, or about their cases."""
    scope = organisation_scope(user)
    if user.role != "supervisor" or not scope:
        return select(AuditEntry).where(False)
    # Each entry's case is looked up by its reference (a unique index), only for entries not
    # written by her own staff: `case_ref IN (every reference of her organisations)` would
    # first list 100,000 references to check a page of entries.
    about_own_case = exists().where(Case.reference == AuditEntry.case_ref,
                                    Case.organisation_id.in_(scope))
    return select(AuditEntry).where(or_(AuditEntry.actor_org_id.in_(scope), about_own_case))


def staff_of_scope(user: User) -> list[User]:
    """Everyone, active or not, in the organisations a supervisor oversees, by name."""
    return list(db.session.scalars(
        select(User)
        .where(User.organisation_id.in_(organisation_scope(user)))
        .order_by(User.display_name, User.username)
    ))


def person_in_scope(user: User, person_id: uuid.UUID) -> User | None:
    """The member of staff if the supervisor oversees their organisation, else None."""
    person = db.session.get(User, person_id)
    if person is None or person.organisation_id not in organisation_scope(user):
        return None
    return person


def load_person(user: User, person_id: uuid.UUID) -> User:
    """A person whose history the supervisor may read; otherwise a logged 404."""
    person = person_in_scope(user, person_id)
    if person is None:
        record("denied", object_type="user", object_id=person_id, outcome="denied")
        abort(404)
    return person
