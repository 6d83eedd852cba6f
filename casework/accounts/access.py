"""Who may call which view: public endpoints, role declarations and organisation scopes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from flask import g
from flask_login import current_user
from sqlalchemy import select

from casework.accounts.models import ROLES, Organisation, User
from casework.extensions import db

F = TypeVar("F", bound=Callable)
# A name in a view's (or link's, or panel's) roles standing for everyone who works cases: a
# paralegal, or a case-holding unit's service staff (casework.accounts.roles.works_cases).
# Declaring it rather than listing "service_staff" keeps Dukcapil, health, police and legal aid
# staff out of case work while a UPTD PPA's staff register and manage cases of their own.
CASEWORKER = "caseworker"
# Who works on a case: its case workers, and the supervisors overseeing its organisation.
CASE_ROLES = (CASEWORKER, "supervisor")


def role_allows(user: User, names: frozenset[str] | tuple[str, ...]) -> bool:
    """Whether the user's role (or her being a case worker) is among the declared names."""
    return user.role in names or (CASEWORKER in names and user.works_cases)


def public(view: F) -> F:
    """Mark a view as open to anonymous requests (the short public list)."""
    view.access_rule = "public"  # type: ignore[attr-defined]
    return view


def roles(*names: str) -> Callable[[F], F]:
    """Declare the roles that may call a view; the login gate enforces it."""
    unknown = set(names) - set(ROLES) - {CASEWORKER}
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorate(view: F) -> F:
        view.access_rule = frozenset(names)  # type: ignore[attr-defined]
        return view

    return decorate


def any_role(view: F) -> F:
    """Declare a view open to every logged-in member of staff (account pages)."""
    view.access_rule = frozenset(ROLES)  # type: ignore[attr-defined]
    return view


# Rules for the steps between the password and a full login (see casework.web.login_gate).
SIGNED_IN = "signed_in"
SECOND_FACTOR = "second_factor"


def signed_in(view: F) -> F:
    """Open to any live session, before or after the second factor (logout, enrolment)."""
    view.access_rule = SIGNED_IN  # type: ignore[attr-defined]
    return view


def awaiting_second_factor(view: F) -> F:
    """Open only to a session whose password is checked and second factor is not yet."""
    view.access_rule = SECOND_FACTOR  # type: ignore[attr-defined]
    return view


def session_user() -> User | None:
    """The user of this request's live session, whether or not the second factor is done."""
    if not current_user.is_authenticated:  # running the loader sets g.user_session
        pass
    record = g.get("user_session")
    return record.user if record is not None else None


def child_organisation_ids(root_id: uuid.UUID) -> set[uuid.UUID]:
    """The organisation and every organisation below it in the tree."""
    found = {root_id}
    frontier = {root_id}
    while frontier:
        children = set(
            db.session.scalars(select(Organisation.id).where(Organisation.parent_id.in_(frontier)))
        )
        frontier = children - found
        found |= frontier
    return found


def organisation_scope(user: User) -> set[uuid.UUID]:
    """The organisations whose cases this user's role may reach (cached per request)."""
    cache = g.setdefault("organisation_scope", {})
    if user.id not in cache:
        if user.role == "supervisor":
            cache[user.id] = child_organisation_ids(user.organisation_id)
        elif user.role == "admin":
            cache[user.id] = set()
        else:
            cache[user.id] = {user.organisation_id}
    return cache[user.id]


def staff_in_scope(user: User) -> list[User]:
    """Active staff of the organisations a supervisor oversees."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.organisation_id.in_(organisation_scope(user)), User.active.is_(True))
            .order_by(User.username)
        )
    )


def current_staff() -> User:
    """The logged-in user (views behind the gate always have one)."""
    return current_user._get_current_object()  # type: ignore[attr-defined]


# Roles a supervisor may act on (revoke sessions); admins are out of a supervisor's reach.
SUPERVISED_ROLES = ("paralegal", "service_staff", "supervisor")


def load_staff_member(user_id: str) -> User:
    """A member of staff the current supervisor oversees, or a logged 404."""
    from flask import abort

    from casework.audit.operations import record

    user = current_staff()
    target = db.session.get(User, _uuid_or_none(user_id)) if _uuid_or_none(user_id) else None
    if target is None or target.role not in SUPERVISED_ROLES or (
        target.organisation_id not in organisation_scope(user)
    ):
        record("denied", object_type="user", object_id=target.id if target else None,
               outcome="denied")
        abort(404)
    return target


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    """A UUID from text, or None when it is not one."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
