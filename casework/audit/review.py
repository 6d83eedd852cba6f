"""Reading the log: names for the ids, and the flags that should draw a supervisor's eye."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from casework.accounts.models import Organisation, User
from casework.audit.forms import ACTIONS, OUTCOMES
from casework.audit.models import AuditEntry
from casework.database import utcnow
from casework.extensions import db

DEFAULTS = {
    "AUDIT_WORKING_HOURS": "07:00-19:00",
    "AUDIT_WORKING_DAYS": (0, 1, 2, 3, 4, 5),  # Monday to Saturday; Sunday access stands out
    "AUDIT_FAILED_LOGIN_BURST": 5,
    "AUDIT_FAILED_LOGIN_MINUTES": 15,
    "AUDIT_MANY_CASES": 10,
    "AUDIT_MANY_CASES_MINUTES": 60,
    "AUDIT_ATTENTION_DAYS": 7,
}
FLAG_LABELS = {
    "break_glass": _l("Break-glass opening"),
    "denied": _l("Refused"),
    "failed_login_burst": _l("Many failed logins"),
    "many_cases": _l("Many cases in a short time"),
    "off_hours": _l("Outside working hours"),
    "locked": _l("Account locked"),
    "inactive": _l("Disabled account"),
    # How a login went, and why a session cookie opened nothing (the session's end reason).
    "second_factor": _l("At the second step"),
    "slowed": _l("Tried again too soon"),
    "totp": _l("With an authenticator code"),
    "recovery": _l("With a recovery code"),
    "enrol": _l("While setting up the second factor"),
    "unknown": _l("Unknown session"),
    "ended": _l("Session already ended"),
    "logout": _l("After logout"),
    "revoked": _l("After the sessions were ended"),
    "replaced": _l("After a new login"),
    "password_changed": _l("After a password change"),
    "password_reset": _l("After a password reset"),
    "deactivated": _l("After the account was disabled"),
    "mfa_reset": _l("After a second-factor reset"),
    "mfa_removed": _l("After the second factor was turned off"),
    "idle": _l("After idle time"),
    "absolute": _l("After the longest session time"),
}
CASE_OPENING_ACTIONS = ("view", "break_glass")


def setting(name: str):
    """A review setting from the app's config, or its default."""
    return current_app.config.get(name, DEFAULTS.get(name))


def review_zone() -> ZoneInfo:
    """The time zone working hours are counted in (the deployment's, e.g. Asia/Jakarta)."""
    name = current_app.config.get("AUDIT_TIMEZONE") or current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return ZoneInfo(name)


def working_hours() -> tuple[time, time]:
    """The start and end of the working day, from a setting like '07:00-19:00'."""
    start, end = str(setting("AUDIT_WORKING_HOURS")).split("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def outside_working_hours(moment: datetime) -> bool:
    """Whether a UTC moment falls outside working hours or days, in local time."""
    local = moment.astimezone(review_zone())
    start, end = working_hours()
    return local.weekday() not in setting("AUDIT_WORKING_DAYS") or not start <= local.time() < end


@dataclass
class LogLine:
    """One entry with the names of who did it and the flags raised on it."""

    entry: AuditEntry
    actor: User | None = None
    organisation: Organisation | None = None
    flags: list[str] = field(default_factory=list)
    reason: str | None = None

    @property
    def actor_name(self) -> str:
        """The staff member's display name, or their user name."""
        if self.actor is None and self.entry.os_actor:
            return str(_l("Command line: %(who)s", who=self.entry.os_actor))
        if self.actor is None:
            return str(_l("Unknown or anonymous"))
        return self.actor.display_name or self.actor.username

    @property
    def action_label(self) -> str:
        """The action in the reader's language."""
        return str(ACTIONS.get(self.entry.action, self.entry.action))

    @property
    def outcome_label(self) -> str:
        """The outcome in the reader's language."""
        return str(OUTCOMES.get(self.entry.outcome, self.entry.outcome))

    @property
    def flag_labels(self) -> list[tuple[str, str]]:
        """Each flag's code and label."""
        return [(code, str(FLAG_LABELS.get(code, code))) for code in self.flags]


def _people(entries: list[AuditEntry]) -> dict[uuid.UUID, User]:
    """The staff who wrote these entries, with their organisations, in one query."""
    ids = {entry.actor_id for entry in entries if entry.actor_id}
    if not ids:
        return {}
    users = db.session.scalars(
        select(User).where(User.id.in_(ids)).options(selectinload(User.organisation))
    )
    return {user.id: user for user in users}


def _organisations(entries: list[AuditEntry]) -> dict[uuid.UUID, Organisation]:
    """The organisations named by these entries."""
    ids = {entry.actor_org_id for entry in entries if entry.actor_org_id}
    if not ids:
        return {}
    return {org.id: org for org in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}


def _times_before(query: Select, entries: list[AuditEntry], window: timedelta) -> Select:
    """Limit a query to the window before each entry (windows that touch are merged): a
    case opened five years ago and again today reads two short stretches of the log, not
    the five years between them."""
    stretches: list[list] = []
    for moment in sorted(entry.created_at for entry in entries):
        if stretches and moment - window <= stretches[-1][1]:
            stretches[-1][1] = moment
        else:
            stretches.append([moment - window, moment])
    return query.where(or_(*(AuditEntry.created_at.between(start, end)
                             for start, end in stretches)))


def _failed_login_bursts(entries: list[AuditEntry]) -> set[int]:
    """Failed logins that come with many others for the same account (or address) just before."""
    window = timedelta(minutes=setting("AUDIT_FAILED_LOGIN_MINUTES"))
    threshold = setting("AUDIT_FAILED_LOGIN_BURST")
    failed = [entry for entry in entries if entry.action == "login_failed"]
    flagged: set[int] = set()
    groups: dict[tuple[str, object], list[AuditEntry]] = defaultdict(list)
    for entry in failed:
        groups[("account", entry.object_id) if entry.object_id else ("address", entry.ip)].append(entry)
    for (kind, key), members in groups.items():
        column = AuditEntry.object_id if kind == "account" else AuditEntry.ip
        query = select(AuditEntry.created_at).where(AuditEntry.action == "login_failed", column == key)
        moments = list(db.session.scalars(_times_before(query, members, window)))
        for entry in members:
            recent = [m for m in moments if entry.created_at - window <= m <= entry.created_at]
            if len(recent) >= threshold:
                flagged.add(entry.seq)
    return flagged


def _many_case_openings(entries: list[AuditEntry]) -> set[int]:
    """Case openings by someone who opened many different cases in the hour before."""
    window = timedelta(minutes=setting("AUDIT_MANY_CASES_MINUTES"))
    threshold = setting("AUDIT_MANY_CASES")
    by_actor: dict[uuid.UUID, list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        if entry.actor_id and entry.case_ref and entry.action in CASE_OPENING_ACTIONS:
            by_actor[entry.actor_id].append(entry)
    flagged: set[int] = set()
    for actor_id, members in by_actor.items():
        query = select(AuditEntry.created_at, AuditEntry.case_ref).where(
            AuditEntry.actor_id == actor_id, AuditEntry.action.in_(CASE_OPENING_ACTIONS),
            AuditEntry.case_ref.is_not(None),
        )
        openings = db.session.execute(_times_before(query, members, window)).all()
        for entry in members:
            since = entry.created_at - window
            cases = {ref for moment, ref in openings if since <= moment <= entry.created_at}
            if len(cases) >= threshold:
                flagged.add(entry.seq)
    return flagged


def break_glass_reasons(entries: list[AuditEntry]) -> dict[int, str]:
    """The reason a supervisor gave for each break-glass opening among these entries."""
    try:
        from casework.cases.break_glass import BreakGlassGrant
    except ImportError:  # the break-glass model is not installed in this build
        return {}
    reasons = {}
    for entry in entries:
        if "break_glass" not in (entry.flags or "").split(",") or not entry.actor_id:
            continue
        grant = db.session.scalar(
            select(BreakGlassGrant)
            .where(BreakGlassGrant.user_id == entry.actor_id, BreakGlassGrant.case_id == entry.object_id,
                   BreakGlassGrant.created_at <= entry.created_at + timedelta(seconds=1))
            .order_by(BreakGlassGrant.created_at.desc()).limit(1)
        )
        if grant is not None:
            reasons[entry.seq] = grant.reason
    return reasons


def _flags_of(entry: AuditEntry, bursts: set[int], sprees: set[int]) -> list[str]:
    """Every flag an entry raises: stored ones, refusals, bursts, sprees, hours."""
    flags = [name for name in (entry.flags or "").split(",") if name]
    if entry.outcome == "denied" and "denied" not in flags:
        flags.append("denied")
    if entry.seq in bursts:
        flags.append("failed_login_burst")
    if entry.seq in sprees:
        flags.append("many_cases")
    if entry.actor_id and outside_working_hours(entry.created_at):
        flags.append("off_hours")
    return flags


def annotate(entries: list[AuditEntry], with_reasons: bool = True,
             with_patterns: bool = True) -> list[LogLine]:
    """Names and flags for a page of entries (a few queries, never one per entry and person).

    with_patterns=False leaves out the flags found by reading around each entry (failed-login
    bursts, many cases opened): the case page's short list does without them, the log's
    pages, where a supervisor reviews, have them."""
    if not entries:
        return []
    people, organisations = _people(entries), _organisations(entries)
    bursts = _failed_login_bursts(entries) if with_patterns else set()
    sprees = _many_case_openings(entries) if with_patterns else set()
    reasons = break_glass_reasons(entries) if with_reasons else {}
    return [
        LogLine(entry, people.get(entry.actor_id), organisations.get(entry.actor_org_id),
                _flags_of(entry, bursts, sprees), reasons.get(entry.seq))
        for entry in entries
    ]


# What each attention filter keeps, over the log's table or a subquery of it.
ATTENTION = {
    "break_glass": lambda entries: entries.flags.like("%break_glass%"),
    "denied": lambda entries: entries.outcome == "denied",
    "login_failed": lambda entries: entries.action == "login_failed",
}


def attention_since() -> datetime:
    """The start of the recent days the attention counts and the failed logins cover."""
    return utcnow() - timedelta(days=setting("AUDIT_ATTENTION_DAYS"))


def attention_counts(scoped: Select) -> dict[str, int]:
    """How many break-glass openings, refusals and failed logins in the recent days."""
    # Only the entries that raise one of the flags are checked against the scope (a week of a
    # busy log is tens of thousands of views, and the scope check reads each one's case).
    flagged = or_(*(keeps(AuditEntry) for keeps in ATTENTION.values()))
    recent = scoped.where(AuditEntry.created_at >= attention_since(), flagged).subquery()
    counts = db.session.execute(select(*(
        func.count().filter(keeps(recent.c)).label(name) for name, keeps in ATTENTION.items()
    ))).one()
    return dict(counts._mapping)


def newest_first(query: Select) -> Select:
    """Order entries newest first (matches the (column, created_at) indexes)."""
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.seq.desc())


def failed_logins_since(since: datetime) -> Select:
    """Every failed login since a moment, for any account or for a name no account has
    (those belong to no organisation, so no supervisor's log shows them)."""
    return select(AuditEntry).where(ATTENTION["login_failed"](AuditEntry),
                                    AuditEntry.created_at >= since)


def failing_addresses(since: datetime, limit: int = 10) -> list:
    """The addresses with the most failed logins since a moment: (ip, failures, latest)."""
    failed = failed_logins_since(since).where(AuditEntry.ip.is_not(None)).subquery()
    failures = func.count().label("failures")
    query = (
        select(failed.c.ip, failures, func.max(failed.c.created_at).label("latest"))
        .group_by(failed.c.ip).order_by(failures.desc(), failed.c.ip).limit(limit)
    )
    return list(db.session.execute(query))
