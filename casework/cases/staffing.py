"""Keeping each case's `staffed` flag in step: is an active paralegal assigned to it?

The supervisor's lists of cases with no paralegal would otherwise test every open case of
her organisations against the assignments (a second and more at 100,000 cases). Every flush
that adds, ends or removes an assignment, or changes a user's role or whether she is active,
rewrites the flag of the cases concerned, in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from itertools import chain

from sqlalchemy import Connection, event, exists, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from casework.accounts.models import User
from casework.accounts.roles import CASEWORKER_ROLES
from casework.cases.models import Case, CaseAssignment
from casework.database import in_slices

RESTAFFED = "casework_cases_restaffed"


def lock_case_rows(conn: Connection, ids: list[uuid.UUID]) -> None:
    """Hold these cases' rows until the transaction ends (PostgreSQL; SQLite has one writer at
    a time), so what is read next includes every change committed before. NO KEY UPDATE: a
    transaction that added a note or consent holds a KEY SHARE lock on its case, and FOR
    UPDATE would wait for it while it might wait for us."""
    if conn.dialect.name == "postgresql" and ids:
        conn.execute(select(Case.id).where(Case.id.in_(ids)).order_by(Case.id)
                     .with_for_update(key_share=True))


def _has_active_paralegal():
    """The SQL test: an open assignment of an active case worker to the case row updated (only
    the case's own staff are assigned and its organisation holds cases, so the role decides)."""
    return exists().where(
        CaseAssignment.case_id == Case.__table__.c.id, CaseAssignment.ended_at.is_(None),
        CaseAssignment.user_id == User.id, User.role.in_(CASEWORKER_ROLES),
        User.active.is_(True))


def refresh_staffing(conn: Connection, case_ids: Iterable[uuid.UUID]) -> None:
    """Rewrite the flag of these cases from their assignments."""
    ids = sorted(set(case_ids) - {None})
    for chunk in in_slices(ids):
        lock_case_rows(conn, chunk)
        table = Case.__table__
        conn.execute(update(table).where(table.c.id.in_(chunk))
                     .values(staffed=_has_active_paralegal()))


def _users_changed(session: Session) -> set[uuid.UUID]:
    """Users whose role or active state this flush changed."""
    return {user.id for user in chain(session.dirty, session.new) if isinstance(user, User)
            and any(inspect(user).attrs[name].history.has_changes() for name in ("role", "active"))}


def _touched_cases(session: Session) -> set[uuid.UUID]:
    """Cases whose staffing this flush may have changed."""
    found = {obj.case_id for obj in chain(session.new, session.dirty, session.deleted)
             if isinstance(obj, CaseAssignment)}
    users = _users_changed(session)
    if users:
        query = select(CaseAssignment.case_id).where(CaseAssignment.user_id.in_(users),
                                                     CaseAssignment.ended_at.is_(None))
        found |= set(session.connection().execute(query).scalars())
    return found


def keep_staffing_in_step(session: Session, _context: object) -> None:
    """After a flush, rewrite the flag of the cases it touched."""
    touched = _touched_cases(session)
    if touched:
        refresh_staffing(session.connection(), touched)
        session.info.setdefault(RESTAFFED, set()).update(touched)


def reload_flag(session: Session, _context: object) -> None:
    """Cases loaded in this session read their rewritten flag anew when next asked."""
    for case_id in session.info.pop(RESTAFFED, ()):
        case = session.identity_map.get(identity_key(Case, case_id))
        if case is not None:
            session.expire(case, ["staffed"])


event.listen(Session, "after_flush", keep_staffing_in_step)
event.listen(Session, "after_flush_postexec", reload_flag)
