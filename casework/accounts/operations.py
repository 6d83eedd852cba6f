"""What changes accounts: creating organisations and users, logging in and out."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from casework.accounts.errors import DuplicateName, PasswordRejected
from casework.accounts.models import ORGANISATION_KINDS, ROLES, Organisation, User
from casework.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from casework.accounts.sessions import end_all_sessions
from casework.audit.operations import record
from casework.database import utcnow
from casework.extensions import db

# Verified against when the user name is unknown, so both answers take the same time.
_UNKNOWN_USER_HASH: dict[str, str] = {}


def find_organisation(code: str) -> Organisation | None:
    """The organisation with this code."""
    return db.session.scalar(select(Organisation).where(Organisation.code == code))


def create_organisation(
    code: str, name: str, kind: str, parent: Organisation | None = None, region_code: str | None = None
) -> Organisation:
    """Add an organisation; codes are unique and kinds come from DOMAIN.md."""
    if kind not in ORGANISATION_KINDS:
        raise ValueError(f"unknown organisation kind: {kind}")
    if find_organisation(code):
        raise DuplicateName(code)
    org = Organisation(
        code=code, name=name, kind=kind, parent_id=parent.id if parent else None,
        region_code=region_code,
    )
    db.session.add(org)
    db.session.flush()
    record("create", object_type="organisation", object_id=org.id)
    return org


def find_user(username: str) -> User | None:
    """The user with this name, ignoring case."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def create_user(
    username: str, role: str, organisation: Organisation, password: str, display_name: str = ""
) -> User:
    """Add a member of staff with a policy-checked password."""
    if role not in ROLES:
        raise ValueError(f"unknown role: {role}")
    problem = password_problem(password, username)
    if problem:
        raise PasswordRejected(problem)
    if find_user(username):
        raise DuplicateName(username)
    user = User(
        username=username.lower(), role=role, organisation_id=organisation.id,
        password_hash=hash_password(password), display_name=display_name or username,
        password_changed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    record("create", object_type="user", object_id=user.id)
    return user


def _spend_equal_time(password: str) -> None:
    """Verify against a throwaway hash so an unknown name costs what a known one does."""
    if "hash" not in _UNKNOWN_USER_HASH:
        _UNKNOWN_USER_HASH["hash"] = hash_password("casework-unknown-user-placeholder")
    verify_password(_UNKNOWN_USER_HASH["hash"], password)


def is_locked(user: User) -> bool:
    """Whether too many failures have locked the account for now."""
    return user.locked_until is not None and user.locked_until > utcnow()


def _note_failure(user: User) -> None:
    """Count a failed attempt and lock the account when the threshold is reached."""
    config = current_app.config
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= config["LOGIN_LOCK_THRESHOLD"]:
        user.locked_until = utcnow() + timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
        user.failed_logins = 0


def authenticate(username: str, password: str) -> User | None:
    """The user if the name and password are right and the account may log in; else None."""
    user = find_user(username) if username else None
    if user is None:
        _spend_equal_time(password)
        record("login_failed", object_type="user", outcome="failed", actor=(None, None))
        return None
    actor = (user.id, user.organisation_id)
    locked = is_locked(user)
    if not verify_password(user.password_hash, password) or locked or not user.active:
        if not locked:
            _note_failure(user)
        flag = "locked" if locked else ("inactive" if not user.active else "")
        record("login_failed", object_type="user", object_id=user.id, outcome="failed",
               flags=flag, actor=actor)
        return None
    user.failed_logins = 0
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record("login", object_type="user", object_id=user.id, actor=actor)
    return user


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every session of the user."""
    problem = password_problem(new_password, user.username)
    if problem:
        raise PasswordRejected(problem)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user, "password_changed")
    record("password_change", object_type="user", object_id=user.id)
