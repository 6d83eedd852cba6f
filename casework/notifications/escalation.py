"""Escalating urgent and emergency referrals that no one accepted in time (issue 13, item 6).

The deadline of each urgency is a setting (REFERRAL_RESPONSE_HOURS_EMERGENCY, _URGENT); the
overdue flag on the pages reads the same rule (casework.referrals.inbox). Past it, the
supervisors who oversee the unit, the case's staff and the referral's sender (while her
organisation still holds the case) are told, once per referral: a
referral_escalation row is written with the notifications, and its key refuses a second.
Routine referrals are flagged overdue on the pages but not escalated.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from casework.database import utcnow
from casework.extensions import db
from casework.notifications.models import ReferralEscalation
from casework.notifications.operations import notify
from casework.notifications.recipients import referral_people, supervisors_of
from casework.referrals.inbox import HOURLY_URGENCIES, unanswered_clause
from casework.referrals.models import Referral

log = logging.getLogger("casework.notifications")


def newly_overdue(now: datetime) -> list[Referral]:
    """Urgent and emergency referrals past their deadline, not yet escalated."""
    escalated = exists().where(ReferralEscalation.referral_id == Referral.id)
    return list(db.session.scalars(
        select(Referral).where(Referral.urgency.in_(HOURLY_URGENCIES), unanswered_clause(now),
                               ~escalated).order_by(Referral.sent_at)))


def escalate(referral: Referral, now: datetime) -> bool:
    """Tell the unit's supervisors and the case's people, unless it was escalated already (flushes)."""
    try:
        with db.session.begin_nested():
            db.session.add(ReferralEscalation(referral_id=referral.id, escalated_at=now))
    except IntegrityError:  # another run escalated it a moment ago
        return False
    notify([*supervisors_of(referral.to_org_id),
            *referral_people(referral.sent_by_id, referral.case_id)],
           "referral_overdue", now=now)
    return True


def escalate_overdue(now: datetime | None = None) -> int:
    """Escalate every newly overdue urgent referral (flushes); returns how many."""
    now = now or utcnow()
    count = sum(escalate(referral, now) for referral in newly_overdue(now))
    if count:
        log.info("escalated %d overdue urgent referrals", count)
    return count
