"""Server-side sessions: a random token in a cookie, its hash and its life in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Flask, Response, current_app, request
from sqlalchemy import select, update

from casework.accounts.models import User, UserSession
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
    """The live session named by this request's cookie, touching its last-seen time."""
    token = request.cookies.get(current_app.config["AUTH_COOKIE_NAME"])
    if not token or len(token) > 128:
        return None
    record = db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token)))
    if record is None:
        return None
    now = utcnow()
    reason = session_expired(record, now)
    if reason is not None:
        if record.ended_at is None:
            end_session(record, reason)
        return None
    if not record.user.active:
        return None
    if (now - record.last_seen_at).total_seconds() > current_app.config["SESSION_TOUCH_SECONDS"]:
        record.last_seen_at = now
    return record


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


def init_sessions(app: Flask) -> None:
    """Teach Flask-Login to find the user through the server-side session."""
    from casework.extensions import login_manager

    @login_manager.user_loader
    def _never_from_client_cookie(_user_id: str) -> None:
        """Flask's signed cookie is never trusted to name a user."""
        return None

    @login_manager.request_loader
    def _user_from_session(_request) -> User | None:
        """The user of the live server-side session, if any."""
        from flask import g

        record = session_from_cookie()
        g.user_session = record
        if record is None or not record.mfa_verified:
            return None
        return record.user
