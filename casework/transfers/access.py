"""Who may see and answer which transfer; every view loads its transfer through load_transfer.

The receiving organisation's supervisors (her tree) and its own case workers see and answer a
transfer proposed to it; the decision page shows only what a decision needs (no survivor
identity, no case reference). The sending side proposes and withdraws from the case itself
(cases.access, edit rights). Once accepted, the case is the receiver's and its own rules apply;
the sender keeps only the transfer row (reference, date, to whom) on the transfers page.
"""

from __future__ import annotations

import uuid
from typing import NoReturn

from flask import abort, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.accounts.access import current_staff, organisation_scope
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.models import Case, Incident
from casework.extensions import db
from casework.transfers.models import CaseTransfer


def is_receiver(user: User, transfer: CaseTransfer) -> bool:
    """A supervisor over the receiving organisation, or one of its own case workers."""
    if user.role == "supervisor":
        return transfer.to_org_id in organisation_scope(user)
    return user.works_cases and user.organisation_id == transfer.to_org_id


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


def load_transfer(transfer_id: uuid.UUID) -> CaseTransfer:
    """The transfer if the current user answers for its receiver; otherwise a logged 404."""
    transfer = find_transfer(transfer_id, lock=request.method == "POST")
    if transfer is None or not is_receiver(current_staff(), transfer):
        _deny(transfer)
    return transfer
