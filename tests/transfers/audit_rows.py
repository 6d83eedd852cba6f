"""Transfer pages and steps: each look and each step writes its entry, with the case reference
except on the receiver's side before it accepts (the decision page and the decline): the
reference is not the receiver's to learn until then.

The decision rows act on the other tree's case, proposed to the caller's own centre, so the
entry names that case (relation "other_org")."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from casework.accounts.models import Organisation, User
from casework.cases.models import Case
from casework.extensions import db
from casework.transfers.models import CaseTransfer
from casework.transfers.operations import propose_transfer
from tests.audit.coverage import audited
from tests.transfers.access_rows import PROPOSAL


def _propose_case(world, case_id: uuid.UUID, to_org_id: uuid.UUID) -> uuid.UUID:
    """Propose one World case for transfer, as its author (or find its open proposal)."""
    with world.app.test_request_context("/"):
        found = db.session.scalar(select(CaseTransfer.id).where(
            CaseTransfer.case_id == case_id, CaseTransfer.status == "proposed"))
        if found:
            return found
        case = db.session.get(Case, case_id)
        author = db.session.get(User, case.created_by_id)
        transfer = propose_transfer(case, db.session.get(Organisation, to_org_id), "safety",
                                    "urgent", None, {"given": True}, author)
        db.session.commit()
        return transfer.id


def _to_my_centre(world, _values) -> dict:
    """A transfer of the other tree's case to the paralegal's own centre, waiting."""
    return {"transfer_id": _propose_case(world, world.cases["other_org"].id,
                                         world.home_centre.id)}


def _my_proposal(world, _values) -> dict:
    """An open proposal of the paralegal's own case, to the other tree's centre."""
    _propose_case(world, world.cases["own_assigned"].id, world.other_centre.id)
    return {}


ROWS = [
    audited("transfers.new", "GET", "view", object_type="case"),
    audited("transfers.new", "POST", "propose_transfer", object_type="transfer", data=PROPOSAL),
    audited("transfers.withdraw", "POST", "withdraw_transfer", object_type="transfer",
            setup=_my_proposal),
    audited("transfers.index", "GET", "list", object_type="transfer", with_case_ref=False),
    audited("transfers.show", "GET", "view", object_type="transfer", relation="other_org",
            setup=_to_my_centre, with_case_ref=False),
    audited("transfers.accept", "POST", "accept_transfer", object_type="transfer",
            relation="other_org", setup=_to_my_centre, data={"assignee": "{assignee_id}"}),
    audited("transfers.decline", "POST", "decline_transfer", object_type="transfer",
            relation="other_org", setup=_to_my_centre, data={"reason": "Wilayah kami penuh."},
            with_case_ref=False),
]
