"""Per-user limits on break-glass grants and audit-heavy requests (the access log, exports).

Issue 16: one crawl with a supervisor's session wrote 1,600 break-glass grants in eight
minutes. What is counted is what those requests already leave in the database (the grants,
the access-log and export entries), so every app process counts alike and no new state is
kept. A request over its limit is answered 429 with a clear page and recorded; the first one
in a window tells the supervisors who oversee her organisation (the admins, when nobody does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Response, current_app, make_response, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ColumnElement, and_, func, or_, select

from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.audit.operations import record
from casework.database import utcnow
from casework.extensions import db
from casework.notifications import operations as notifications
from casework.web import error_page


@dataclass(frozen=True)
class Limit:
    """One limit: the config keys of its count and window, and what it counts."""

    count_key: str
    minutes_key: str


BREAK_GLASS = Limit("BREAK_GLASS_LIMIT", "BREAK_GLASS_LIMIT_MINUTES")
AUDIT_HEAVY = Limit("AUDIT_HEAVY_LIMIT", "AUDIT_HEAVY_LIMIT_MINUTES")
# (endpoint, method) -> the limit it is held to; a GET of the break-glass form costs nothing.
LIMITED = {
    ("cases.break_glass", "POST"): ("break_glass", BREAK_GLASS),
    ("audit.index", "GET"): ("audit_heavy", AUDIT_HEAVY),
    ("audit.export", "GET"): ("audit_heavy", AUDIT_HEAVY),
    ("reports.export_tables", "GET"): ("audit_heavy", AUDIT_HEAVY),
    ("reports.export_simfoni", "GET"): ("audit_heavy", AUDIT_HEAVY),
    ("reports.export_gbvims", "GET"): ("audit_heavy", AUDIT_HEAVY),
    ("reports.village_export", "GET"): ("audit_heavy", AUDIT_HEAVY),
}


def _audit_heavy_entries() -> ColumnElement[bool]:
    """The entries those requests leave: an access-log page, or any export."""
    return or_(AuditEntry.action == "export",
               and_(AuditEntry.action == "list", AuditEntry.object_type == "audit_log"))


def used(kind: str, user: User, minutes: int) -> int:
    """How many of this kind the user made in the last minutes."""
    since = utcnow() - timedelta(minutes=minutes)
    if kind == "break_glass":
        # Function-local: the cases domain imports the accounts domain, not the other way.
        from casework.cases.break_glass import BreakGlassGrant

        query = select(func.count(BreakGlassGrant.id)).where(
            BreakGlassGrant.user_id == user.id, BreakGlassGrant.created_at > since)
    else:
        query = select(func.count(AuditEntry.seq)).where(
            AuditEntry.actor_id == user.id, AuditEntry.created_at > since,
            _audit_heavy_entries())
    return db.session.scalar(query) or 0


def _told_already(kind: str, user: User, minutes: int) -> bool:
    """Whether an earlier refusal in this window already told the supervisors."""
    since = utcnow() - timedelta(minutes=minutes)
    return db.session.scalar(
        select(AuditEntry.seq).where(
            AuditEntry.actor_id == user.id, AuditEntry.action == "rate_limited",
            AuditEntry.flags.startswith(kind), AuditEntry.created_at > since).limit(1)) is not None


def enforce_rate_limits() -> Response | None:
    """Before a limited request of a logged-in user: refuse it once her limit is reached."""
    found = LIMITED.get((request.endpoint or "", request.method))
    if found is None or not current_user.is_authenticated:
        return None
    kind, limit = found
    config = current_app.config
    count, minutes = config[limit.count_key], config[limit.minutes_key]
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    if used(kind, user, minutes) < count:
        return None
    if not _told_already(kind, user, minutes):
        notifications.rate_limited(user)
    record("rate_limited", object_type="endpoint", outcome="denied", flags=kind)
    answer = make_response(error_page(429, _(
        "You made too many of these requests in a short time (at most %(count)d in %(minutes)d "
        "minutes). Wait a while and try again; your supervisor has been told.",
        count=count, minutes=minutes)))
    # error_page answers (page, status), or a finished Response when its template failed.
    answer.headers["Retry-After"] = str(minutes * 60)
    return answer
