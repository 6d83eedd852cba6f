"""What each person sees first: the work waiting for them, counted from plain columns."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any

from flask_babel import get_timezone
from sqlalchemy import func, select

from casework.accounts.access import organisation_scope
from casework.accounts.models import Organisation, User
from casework.audit.access import entries_in_scope
from casework.audit.review import attention_counts, setting
from casework.cases.access import visible_cases
from casework.cases.assignment import unassigned_cases
from casework.cases.models import Case
from casework.database import utcnow
from casework.extensions import db
from casework.referrals import inbox
from casework.referrals.models import Referral
from casework.reports.models import ServiceFact

OPEN_CASE_STATUSES = ("open", "reopened")
LIST_LIMIT = 10


def _plans_helper(name: str) -> Callable[[User], Any] | None:
    """A function of the plans domain (due follow-ups, overdue actions), when it provides one."""
    for module in ("casework.plans.operations", "casework.plans.queries"):
        try:
            helper = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if helper is not None:
            return helper
    return None


def _plan_items(name: str, user: User, date_attr: str) -> dict[str, Any] | None:
    """How many plan items (follow-ups, actions) wait, and the first few; None without plans."""
    helper = _plans_helper(name)
    if helper is None:
        return None
    count, items = _listed(helper(user))
    return {"count": count, "entries": _due_items(items, date_attr)}


def _due_items(items: Any, date_attr: str) -> list[dict[str, Any]]:
    """Plan items as case reference and due date: nothing else of them is shown."""
    found = []
    for item in items:
        reference = getattr(getattr(item, "case", None), "reference", None)
        if reference:
            found.append({"reference": reference, "due": getattr(item, date_attr, None)})
    return found


def _count(query) -> int:
    """How many rows a select would give."""
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _listed(query) -> tuple[int, list]:
    """The number of rows and the first few of them."""
    return _count(query), list(db.session.scalars(query.limit(LIST_LIMIT)))


def month_start(now: datetime, zone: tzinfo) -> datetime:
    """The first moment of this calendar month in the zone (the deployment's, as reports use):
    in Jakarta the month begins at 17:00 UTC on the day before the 1st."""
    return now.astimezone(zone).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def paralegal_dashboard(user: User) -> dict[str, Any]:
    """Her open cases, follow-ups due, and referrals of her cases waiting for an answer."""
    open_cases = visible_cases(user).where(Case.status.in_(OPEN_CASE_STATUSES))
    cases_count, cases = _listed(open_cases.order_by(Case.created_at.desc(), Case.id))
    waiting_count, waiting = _listed(inbox.sender_referrals(user, "new"))
    return {
        "cases_count": cases_count, "cases": cases,
        "waiting_count": waiting_count, "waiting": waiting,
        "followups": _plan_items("due_followups", user, "next_on"),
    }


def service_staff_dashboard(user: User) -> dict[str, Any]:
    """New referrals to her unit, and those overdue for an answer or completion; at a unit
    that holds cases, her own cases' board too."""
    new_count, new = _listed(inbox.unit_inbox(user, "new"))
    overdue_count, overdue = _listed(inbox.unit_inbox(user, "overdue"))
    return {"new_count": new_count, "new": new, "overdue_count": overdue_count,
            "overdue": overdue, "own": paralegal_dashboard(user) if user.works_cases else None}


def supervisor_dashboard(user: User) -> dict[str, Any]:
    """Unassigned cases, overdue referrals, access-log attention counts, this month's counts."""
    unassigned_count, unassigned = _listed(unassigned_cases(user))
    overdue_count, overdue = _listed(inbox.sender_referrals(user, "overdue"))
    at_unit = user.organisation.is_service_unit
    unit_new_count, unit_new = _listed(inbox.unit_inbox(user, "new")) if at_unit else (0, None)
    unit_overdue_count, unit_overdue = (_listed(inbox.unit_inbox(user, "overdue")) if at_unit
                                        else (0, None))
    return {
        "unit_new_count": unit_new_count, "unit_new": unit_new,
        "unit_overdue_count": unit_overdue_count, "unit_overdue": unit_overdue,
        "unassigned_count": unassigned_count, "unassigned": unassigned,
        "overdue_count": overdue_count, "overdue": overdue,
        "attention": attention_counts(entries_in_scope(user)),
        "attention_days": setting("AUDIT_ATTENTION_DAYS"),
        "month": month_counts(organisation_scope(user)),
        "overdue_actions": _plan_items("overdue_actions", user, "due_on"),
    }


def month_counts(scope: set) -> dict[str, int]:
    """This month's new and closed cases, services given and referrals sent, in the scope."""
    start = month_start(datetime.now(UTC), get_timezone())
    in_scope = Case.organisation_id.in_(scope)
    scalar = db.session.scalar
    return {
        "new": scalar(select(func.count(Case.id)).where(in_scope, Case.created_at >= start)),
        "closed": scalar(select(func.count(Case.id)).where(in_scope, Case.closed_at >= start)),
        # From the statistics' own services table: its (organisation, day) index answers it.
        "services": scalar(select(func.count()).select_from(ServiceFact).where(
            ServiceFact.organisation_id.in_(scope), ServiceFact.delivered_on >= start.date())),
        "referrals": scalar(select(func.count(Referral.id)).where(
            Referral.from_org_id.in_(scope), Referral.sent_at >= start)),
    }


def admin_dashboard() -> dict[str, Any]:
    """Accounts by role and state, organisations by kind: no survivor data at all."""
    now = utcnow()
    roles = db.session.execute(
        select(User.role, User.active, func.count(User.id)).group_by(User.role, User.active))
    by_role: dict[str, dict[str, int]] = {}
    for role, active, count in roles:
        by_role.setdefault(role, {"active": 0, "disabled": 0})[
            "active" if active else "disabled"] += count
    kinds = db.session.execute(
        select(Organisation.kind, func.count(Organisation.id)).group_by(Organisation.kind))
    locked = select(func.count(User.id)).where(User.locked_until > now)
    no_mfa = select(func.count(User.id)).where(
        User.role.in_(("supervisor", "admin")), User.totp_secret_enc.is_(None), User.active)
    return {"by_role": by_role, "by_kind": dict(kinds.all()),
            "locked": db.session.scalar(locked) or 0,
            "without_mfa": db.session.scalar(no_mfa) or 0}
