"""Who may see and answer which transfer; every view loads its transfer through load_transfer.

Needs:
- "decide": the receiving organisation's supervisors (her tree) and its own case workers; the
  decision page shows only what a decision needs (no survivor identity, no case reference).
- "manage": the sending side with edit rights on the case (withdraw an open proposal).
Once accepted, the case is the receiver's and its own rules apply (cases.access); the sender
keeps only the transfer row (reference, date, to whom) on the transfers page.
"""

from __future__ import annotations

import uuid
from typing import Literal, NoReturn

from flask import abort, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.accounts.access import current_staff, organisation_scope
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.access import load_case
from casework.cases.models import Case, Incident
from casework.extensions import db
from casework.transfers.models import CaseTransfer

Need = Literal["decide", "manage"]


def is_receiver(user: User, transfer: CaseTransfer) -> bool:
    """A supervisor over the receiving organisation, or one of its own case workers."""
    if user.role == "supervisor":
        return transfer.to_org_id in organisation_scope(user)
    return user.works_cases and user.organisation_id == transfer.to_org_id


def is_sender_side(user: User, transfer: CaseTransfer) -> bool:
    """A supervisor over the sending organisation, or the person who proposed it."""
    if user.role == "supervisor":
        return transfer.from_org_id in organisation_scope(user)
    return transfer.proposed_by_id == user.id


def find_transfer(transfer_id: uuid.UUID, lock: bool = False) -> CaseTransfer | None:
    """The transfer with its case's categories loaded (row-locked for changes)."""
    query = (
        select(CaseTransfer).where(CaseTransfer.id == transfer_id)
        .options(selectinload(CaseTransfer.case).selectinload(Case.survivor),
                 selectinload(CaseTransfer.case).selectinload(Case.incidents)
                 .selectinload(Incident.categories),
                 selectinload(CaseTransfer.case).selectinload(Case.assignments))
        .execution_options(populate_existing=True)
    )
    if lock:
        # Two people answering at once on PostgreSQL: the second waits and then sees the answer.
        query = query.with_for_update(of=CaseTransfer)
    return db.session.scalar(query)


def _deny(transfer: CaseTransfer | None) -> NoReturn:
    """A logged 404, the same whether the transfer exists or not (no case reference: the
    caller may be on either side, and the reference is not hers to learn)."""
    record("denied", object_type="transfer", object_id=transfer.id if transfer else None,
           outcome="denied")
    abort(404)


def load_transfer(transfer_id: uuid.UUID, need: Need) -> CaseTransfer:
    """The transfer if the current user may have it for this need; otherwise a logged 404."""
    user = current_staff()
    transfer = find_transfer(transfer_id, lock=request.method == "POST")
    if transfer is None:
        _deny(None)
    if need == "decide":
        if not is_receiver(user, transfer):
            _deny(transfer)
        return transfer
    if transfer.from_org_id != transfer.case.organisation_id:
        _deny(transfer)  # the case has left the sender: nothing of it to manage
    load_case(transfer.case.reference, "edit")  # the case's own rule: edit rights on it
    return transfer
