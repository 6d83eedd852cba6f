"""The case timeline's transfer lines: proposed, declined, withdrawn, and the move itself.

The holder of the case sees them on the case page (the receiver, once it accepted, sees where
the case came from). The sender, who no longer sees the case, keeps the transfer row itself on
the transfers page: reference, date and to whom (lists.transfer_list, tab "sent").
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.cases.models import Case
from casework.extensions import db
from casework.timeline.registry import TimelineEvent
from casework.timeline.sources import staff_name
from casework.transfers.models import TRANSFER_REASONS, CaseTransfer

RECENT = 3


def _transfers(case: Case) -> list[CaseTransfer]:
    """Every transfer of the case, oldest first, with both organisations."""
    return list(db.session.scalars(
        select(CaseTransfer).where(CaseTransfer.case_id == case.id)
        .options(selectinload(CaseTransfer.from_org), selectinload(CaseTransfer.to_org))
        .order_by(CaseTransfer.proposed_at, CaseTransfer.id)))


def latest_transfers(case: Case) -> list[CaseTransfer]:
    """The case's latest answered proposals of its current holder, newest first (the panel)."""
    mine = [t for t in _transfers(case)
            if not t.is_open and case.organisation_id in (t.from_org_id, t.to_org_id)]
    return list(reversed(mine))[:RECENT]


def transfer_events(case: Case) -> list[TimelineEvent]:
    """Each proposal and its answer."""
    events = []
    for t in _transfers(case):
        events.append(TimelineEvent(
            at=t.proposed_at, kind="transfer", actor=staff_name(t.proposed_by_id),
            label=_("Transfer to %(org)s proposed", org=t.to_org.name),
            detail=str(TRANSFER_REASONS.get(t.reason, t.reason))))
        if t.decided_at is None:
            continue
        label = {
            "accepted": _("Transferred from %(sender)s to %(receiver)s",
                          sender=t.from_org.name, receiver=t.to_org.name),
            "declined": _("Transfer declined by %(org)s", org=t.to_org.name),
            "withdrawn": _("Transfer proposal withdrawn"),
        }[t.status]
        events.append(TimelineEvent(at=t.decided_at, kind="transfer", label=label,
                                    actor=staff_name(t.decided_by_id)))
    return events
