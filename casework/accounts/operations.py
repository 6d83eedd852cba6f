"""What changes accounts: creating organisations and users, logging in and out."""

from __future__ import annotations

import logging
import secrets

from flask import current_app, g
from sqlalchemy import func, select

from casework.accounts import throttle
from casework.accounts.errors import DuplicateName, PasswordRejected, RoleDoesNotFit, TreeCycle
from casework.accounts.models import ORGANISATION_KINDS, ROLES, Organisation, User
from casework.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from casework.accounts.roles import role_fits
from casework.accounts.sessions import end_all_sessions
from casework.audit.operations import actor_of, record
from casework.database import utcnow
from casework.extensions import db
from casework.notifications import operations as notifications

log = logging.getLogger("casework.accounts")

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
    if not role_fits(role, organisation.kind):
        raise RoleDoesNotFit(role, organisation.kind)
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


def _spend_equal_time(password: str) -> bool:
    """Verify against a throwaway hash so an unknown name costs what a known one does."""
    config = current_app.config
    cost = f"{config['PASSWORD_HASH_MEMORY_KIB']}/{config['PASSWORD_HASH_TIME_COST']}"
    if cost not in _UNKNOWN_USER_HASH:  # one per cost setting, so both paths cost the same
        _UNKNOWN_USER_HASH[cost] = hash_password("casework-unknown-user-placeholder")
    verify_password(_UNKNOWN_USER_HASH[cost], password)
    return False


def is_locked(user: User) -> bool:
    """Whether too many failures have locked the account for now."""
    return throttle.locked_until(user.username) is not None


def note_failed_attempt(username: str, user: User | None, flag: str = "") -> None:
    """Count, audit and log a failed password or second-factor attempt."""
    outcome = throttle.note_failure(throttle.throttle_for(username))
    if outcome == "locked" and user is not None:
        user.locked_until = throttle.locked_until(username) or utcnow()
        notifications.account_locked(user)
    flags = ",".join(f for f in (flag, outcome) if f)
    record("login_failed", object_type="user", object_id=user.id if user else None,
           outcome="failed", flags=flags, actor=actor_of(user))
    log.warning("failed login (%s), request %s", flags or "wrong", g.get("request_id"))


def release_lock(user: User, how: str) -> int:
    """Lift the login lock of the user from every address (her supervisor's release, or her
    own recovery code); returns how many addresses were locked."""
    released = throttle.unlock(user.username)
    user.locked_until = None
    record("unlock", object_type="user", object_id=user.id, flags=how)
    return released


def authenticate(username: str, password: str) -> User | None:
    """The user if the name and password are right and the account may log in; else None."""
    user = find_user(username) if username else None
    row = throttle.throttle_for(username)
    refused = throttle.refusal(row)
    if refused:
        record("login_failed", object_type="user", object_id=user.id if user else None,
               outcome="failed", flags=refused, actor=actor_of(user))
        log.warning("login refused (%s), request %s", refused, g.get("request_id"))
        return None
    if user is None:
        right = _spend_equal_time(password)
    else:
        right = verify_password(user.password_hash, password)
    if not right or not user.active:
        note_failed_attempt(username, user, "inactive" if right else "")
        return None
    throttle.note_success(row)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if needs_second_factor(user):
        # Not a login yet: the log says "logged in" only once the second factor is done.
        record("password_ok", object_type="user", object_id=user.id, actor=actor_of(user))
    else:
        record_login(user)
    return user


def needs_second_factor(user: User) -> bool:
    """Whether the password alone does not finish this user's login (enrolled or required)."""
    return user.mfa_enabled or user.mfa_required


def record_login(user: User, how: str = "") -> None:
    """The one `login` entry of a login, written when the user is fully logged in."""
    record("login", object_type="user", object_id=user.id, flags=how, actor=actor_of(user))


def change_password(user: User, new_password: str) -> None:
    """Set a new password and end every session of the user."""
    problem = password_problem(new_password, user.username)
    if problem:
        raise PasswordRejected(problem)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.password_must_change = False
    end_all_sessions(user, "password_changed")
    record("password_change", object_type="user", object_id=user.id)


def temporary_password() -> str:
    """A random password an admin hands over once; the user must replace it."""
    return "-".join(secrets.token_urlsafe(5) for _ in range(4))


def create_user_with_temporary_password(
    username: str, role: str, organisation: Organisation, display_name: str = ""
) -> tuple[User, str]:
    """An admin creates an account: a one-time password the user changes at first login."""
    password = temporary_password()
    user = create_user(username, role, organisation, password, display_name)
    user.password_must_change = True
    return user, password


def reset_password(user: User) -> str:
    """An admin's reset: a new temporary password, every session ended, the lock lifted."""
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.password_must_change = True
    user.locked_until = None
    throttle.unlock(user.username)
    end_all_sessions(user, "password_reset")
    record("password_reset", object_type="user", object_id=user.id)
    return password


def set_active(user: User, active: bool) -> None:
    """Deactivate (ending every session at once) or reactivate an account."""
    if user.active == active:
        return
    user.active = active
    if not active:
        end_all_sessions(user, "deactivated")
    record("activate" if active else "deactivate", object_type="user", object_id=user.id)


def revoke_sessions(user: User) -> None:
    """End every session of the user on every app process (an admin's or supervisor's revoke)."""
    end_all_sessions(user, "revoked")
    record("revoke_sessions", object_type="user", object_id=user.id)


def would_make_cycle(org: Organisation, parent: Organisation | None) -> bool:
    """Whether making parent the organisation's parent would loop the tree."""
    seen = set()
    while parent is not None and parent.id not in seen:
        if parent.id == org.id:
            return True
        seen.add(parent.id)
        parent = parent.parent
    return False


def update_organisation(
    org: Organisation, name: str, parent: Organisation | None, region_code: str | None
) -> None:
    """Rename an organisation, move it in the tree or change its region."""
    if would_make_cycle(org, parent):
        raise TreeCycle(org.code)
    org.name, org.parent_id, org.region_code = name, parent.id if parent else None, region_code
    db.session.flush()
    record("update", object_type="organisation", object_id=org.id)
