"""Server-side sessions: a random token in a cookie, its hash and its life in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Flask, Response, current_app, g, request, session
from sqlalchemy import select, update

from casework.accounts.models import User, UserSession
from casework.audit.operations import actor_of
from casework.audit.operations import record as audit_record
from casework.database import utcnow
from casework.extensions import db


def token_hash(token: str) -> str:
    """The stored form of a session token: a stolen database holds no usable token."""
    return hashlib.sha256(token.encode("ascii", errors="replace")).hexdigest()


def start_session(user: User, mfa_verified: bool = False) -> str:
    """Open a new session for the user and return the cookie token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(
        UserSession(
            token_hash=token_hash(token),
            user_id=user.id,
            last_seen_at=now,
            created_at=now,
            mfa_verified=mfa_verified,
        )
    )
    db.session.flush()
    return token


def renew_session(old: UserSession) -> str:
    """After the second factor: a new session (new token, second factor done) replaces the one
    the password opened, which ends at once, so a token seen before the login is complete (a
    fixed or sniffed one) opens nothing afterwards. Returns the new cookie token."""
    end_session(old, "renewed")
    token = start_session(old.user, mfa_verified=True)
    g.user_session = db.session.scalar(
        select(UserSession).where(UserSession.token_hash == token_hash(token)))
    return token


def renew_csrf_token() -> None:
    """Forget the form-protection token so the next page makes a new one (login, logout)."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(field, None)
    g.pop(field, None)


def session_expired(record: UserSession, now: datetime) -> str | None:
    """Why this session may no longer be used, or None."""
    config = current_app.config
    if record.ended_at is not None:
        return record.end_reason or "ended"
    if now - record.last_seen_at > timedelta(minutes=config["SESSION_IDLE_MINUTES"]):
        return "idle"
    if now - record.created_at > timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]):
        return "absolute"
    return None


def session_from_cookie() -> UserSession | None:
    """The live session named by this request's cookie, touching its last-seen time.

    A cookie that names no live session is refused and logged (never the token), and the
    browser is told to forget it: an honest browser leaves one entry, a replayed cookie one
    entry per try."""
    token = request.cookies.get(current_app.config["AUTH_COOKIE_NAME"])
    if not token:
        return None
    found = _stored_session(token)
    if found is None:
        return _refuse(None, "unknown")
    now = utcnow()
    reason = session_expired(found, now)
    if reason is not None:
        if found.ended_at is None:  # it timed out just now: an ordinary end, not a refusal
            end_session(found, reason)
            return _refuse(found, reason, expired_now=True)
        return _refuse(found, reason)
    if not found.user.active:
        return _refuse(found, "inactive")
    if (now - found.last_seen_at).total_seconds() > current_app.config["SESSION_TOUCH_SECONDS"]:
        found.last_seen_at = now
    return found


def _stored_session(token: str) -> UserSession | None:
    """The session whose hash matches the token (a malformed token matches none)."""
    if len(token) > 128:
        return None
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token)))


def _refuse(found: UserSession | None, reason: str, expired_now: bool = False) -> None:
    """Log a cookie that opens nothing (for the session's owner) and have the browser drop it."""
    g.forget_session_cookie = True
    # The actor is given: asking Flask-Login for the user here would call this loader again.
    actor = actor_of(found.user if found else None)
    if expired_now:
        audit_record("session_expired", object_type="user", object_id=found.user_id, actor=actor)
    else:
        audit_record("session_refused", object_type="user",
                     object_id=found.user_id if found else None, outcome="denied",
                     flags=reason, actor=actor)
    return None


def end_session(record: UserSession, reason: str) -> None:
    """End one session."""
    record.ended_at = utcnow()
    record.end_reason = reason


def end_all_sessions(user: User, reason: str) -> None:
    """End every session of this user, on every app process at once."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )


def set_session_cookie(response: Response, token: str) -> None:
    """Send the token in an HttpOnly, SameSite=Strict cookie (Secure behind TLS)."""
    response.set_cookie(
        current_app.config["AUTH_COOKIE_NAME"],
        token,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure or current_app.config.get("SESSION_COOKIE_SECURE", False),
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    """Remove the token cookie from the browser."""
    response.delete_cookie(current_app.config["AUTH_COOKIE_NAME"], path="/", samesite="Strict")


def forget_refused_cookie(response: Response) -> Response:
    """Drop a refused cookie from the browser, unless this response sets a new one (login)."""
    if not g.get("forget_session_cookie"):
        return response
    prefix = current_app.config["AUTH_COOKIE_NAME"] + "="
    if not any(value.startswith(prefix) for value in response.headers.getlist("Set-Cookie")):
        clear_session_cookie(response)
    return response


def init_sessions(app: Flask) -> None:
    """Teach Flask-Login to find the user through the server-side session."""
    from casework.extensions import login_manager

    app.after_request(forget_refused_cookie)

    @login_manager.user_loader
    def _never_from_client_cookie(_user_id: str) -> None:
        """Flask's signed cookie is never trusted to name a user."""
        return None

    @login_manager.request_loader
    def _user_from_session(_request) -> User | None:
        """The user of the live server-side session, if any."""
        record = session_from_cookie()
        g.user_session = record
        if record is None or not record.mfa_verified:
            return None
        return record.user
