"""Timeline source of the referrals domain: each referral's transitions and its services."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.cases import categories as cat
from casework.cases.models import Case, ServiceRecord
from casework.extensions import db
from casework.referrals.models import REFERRAL_STATUSES, TRANSITION_CAUSES, Referral
from casework.timeline.registry import TimelineEvent
from casework.timeline.sources import staff_name


def _transition_label(referral: Referral, to_status: str) -> str:
    """E.g. 'Referral RJ-7QX2-M9PK to UPTD PPA: Accepted'."""
    return _("Referral %(ref)s to %(unit)s: %(status)s", ref=referral.reference,
             unit=referral.to_org.name, status=str(REFERRAL_STATUSES.get(to_status, to_status)))


def referral_events(case: Case) -> list[TimelineEvent]:
    """Every status change of every referral of the case."""
    referrals = db.session.scalars(
        select(Referral).where(Referral.case_id == case.id)
        .options(selectinload(Referral.transitions), selectinload(Referral.to_org))
    )
    return [
        TimelineEvent(at=t.at, kind="referral", label=_transition_label(r, t.to_status),
                      actor=staff_name(t.actor_id),
                      detail=str(TRANSITION_CAUSES.get(t.cause, "")) if t.cause else "")
        for r in referrals for t in r.transitions
    ]


def service_events(case: Case) -> list[TimelineEvent]:
    """Each service a unit recorded under a referral, at the time it was recorded."""
    services = db.session.scalars(
        select(ServiceRecord).where(ServiceRecord.case_id == case.id,
                                    ServiceRecord.referral_id.is_not(None))
        .options(selectinload(ServiceRecord.provider))
    )
    return [
        TimelineEvent(
            at=s.recorded_at, kind="service",
            label=_("%(service)s by %(unit)s", service=cat.label(cat.SERVICES, s.service_type),
                    unit=s.provider.name),
            actor=staff_name(s.recorded_by_id),
            detail=f"{cat.label(cat.SERVICE_OUTCOMES, s.outcome)} · {format_date(s.delivered_on, 'medium')}",
        )
        for s in services
    ]
