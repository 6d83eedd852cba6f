"""Lists and counters of referrals: a unit's inbox, a sender's referrals, overdue flags."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from casework.accounts.access import organisation_scope
from casework.accounts.models import User
from casework.cases.access import visible_cases
from casework.cases.models import Case
from casework.database import utcnow
from casework.extensions import db
from casework.referrals.models import ENDED_STATUSES, Referral

UNIT_TABS = ("new", "accepted", "overdue", "closed")
# A unit's answers to a referral, which its sender is told of.
ANSWERED = ("accepted", "declined", "completed")
SENDER_TABS = ("open", "overdue", "declined", "all")


# The urgencies with a deadline in hours (REFERRAL_RESPONSE_HOURS_<URGENCY>); any other
# (routine) has REFERRAL_ACCEPT_DAYS.
HOURLY_URGENCIES = ("emergency", "urgent")


def response_deadline(urgency: str) -> timedelta:
    """How long a unit has to accept a referral of this urgency."""
    config = current_app.config
    if urgency in HOURLY_URGENCIES:
        return timedelta(hours=config[f"REFERRAL_RESPONSE_HOURS_{urgency.upper()}"])
    return timedelta(days=config["REFERRAL_ACCEPT_DAYS"])


def unanswered_clause(now: datetime | None = None) -> ColumnElement[bool]:
    """Sent and not accepted within the deadline of its urgency."""
    now = now or utcnow()
    routine = Referral.urgency.not_in(HOURLY_URGENCIES)
    return and_(Referral.status == "sent", or_(
        *(and_(Referral.urgency == urgency,
               Referral.status_changed_at < now - response_deadline(urgency))
          for urgency in HOURLY_URGENCIES),
        and_(routine, Referral.status_changed_at < now - response_deadline("routine")),
    ))


def overdue_clause(now: datetime | None = None) -> ColumnElement[bool]:
    """Waiting too long for acceptance, or accepted too long without completion."""
    now = now or utcnow()
    complete_before = now - timedelta(days=current_app.config["REFERRAL_COMPLETE_DAYS"])
    return or_(
        unanswered_clause(now),
        and_(Referral.status == "accepted", Referral.status_changed_at < complete_before),
    )


def is_overdue(referral: Referral, now: datetime | None = None) -> bool:
    """The same rule for one referral already loaded."""
    now = now or utcnow()
    if referral.status == "sent":
        return referral.status_changed_at < now - response_deadline(referral.urgency)
    complete_before = now - timedelta(days=current_app.config["REFERRAL_COMPLETE_DAYS"])
    return referral.status == "accepted" and referral.status_changed_at < complete_before


def _tab_clause(tab: str) -> ColumnElement[bool]:
    """The filter of one inbox or sender tab."""
    return {
        "new": Referral.status == "sent",
        "accepted": Referral.status == "accepted",
        "open": Referral.status.in_(("sent", "accepted")),
        "overdue": overdue_clause(),
        "declined": Referral.status == "declined",
        "closed": Referral.status.in_(ENDED_STATUSES),
    }.get(tab, Referral.status.is_not(None))


def _ordered(query: Select, tab: str) -> Select:
    """Oldest waiting first for work queues; newest first for history."""
    if tab in ("closed", "all", "declined"):
        return query.order_by(Referral.status_changed_at.desc(), Referral.id)
    return query.order_by(Referral.status_changed_at, Referral.id)


def unit_inbox(user: User, tab: str) -> Select:
    """Referrals to the user's unit (a supervisor's: the units she oversees) for one tab."""
    query = select(Referral).where(Referral.to_org_id.in_(organisation_scope(user)),
                                   _tab_clause(tab))
    query = query.options(selectinload(Referral.services), selectinload(Referral.from_org),
                          selectinload(Referral.consent))
    return _ordered(query, tab)


def _sender_scope(user: User) -> ColumnElement[bool]:
    """Referrals of the cases the user may see, by the sending organisation (the one holding
    the case: a transferred case takes its referrals along, see transfers.operations). A
    supervisor sees every case of her organisations, so that is all; a paralegal's referrals
    are further checked case by case against her assignments (never `case_id IN (every
    visible case)`, a list of 100,000)."""
    sent_by_scope = Referral.from_org_id.in_(organisation_scope(user))
    if user.role == "supervisor":
        return sent_by_scope
    own_case = visible_cases(user).with_only_columns(Case.id).where(Case.id == Referral.case_id)
    return and_(sent_by_scope, own_case.exists())


def sender_referrals(user: User, tab: str, case: Case | None = None) -> Select:
    """Referrals of the cases the user may see (optionally of one case) for one tab."""
    scope = Referral.case_id == case.id if case else _sender_scope(user)
    query = select(Referral).where(scope, _tab_clause(tab)).options(
        selectinload(Referral.services), selectinload(Referral.to_org),
        selectinload(Referral.case),
    )
    return _ordered(query, tab)


def _count(query: Select) -> int:
    """Count the rows of a referral query."""
    return db.session.scalar(query.with_only_columns(func.count()).order_by(None)) or 0


def _received_scope(user: User) -> ColumnElement[bool] | None:
    """The referrals a user's unit received: her own unit's for its staff, the units she
    oversees for a supervisor at a unit; None for anyone else."""
    if user.role == "service_staff":
        return Referral.to_org_id == user.organisation_id
    if user.role == "supervisor" and user.organisation.is_service_unit:
        return Referral.to_org_id.in_(organisation_scope(user))
    return None


def _sends(user: User) -> bool:
    """Whether the user has a sending side: she works cases or oversees them."""
    return user.works_cases or user.role == "supervisor"


def new_count(user: User) -> int:
    """The nav counter of new items: for a unit's staff, referrals waiting for it to accept or
    decline; for the sender's side, the units' answers since she last opened her referrals (a
    unit's case worker has both)."""
    count = 0
    if user.role == "service_staff":
        count += _count(select(Referral).where(_received_scope(user), Referral.status == "sent"))
    if _sends(user):
        since = user.referrals_seen_at or user.created_at
        count += _count(select(Referral).where(_sender_scope(user), Referral.status.in_(ANSWERED),
                                               Referral.status_changed_at > since))
    return count


def overdue_count(user: User) -> int:
    """The nav counter of overdue items: those her unit received, and those of the cases she
    works or oversees (a unit's case worker and a unit's supervisor count both)."""
    count = 0
    received = _received_scope(user)
    if received is not None:
        count += _count(select(Referral).where(received, overdue_clause()))
    if _sends(user):
        count += _count(select(Referral).where(_sender_scope(user), overdue_clause()))
    return count
