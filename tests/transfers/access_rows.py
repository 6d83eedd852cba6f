"""Rows of the shared authorisation matrix (tests/access) for the transfer pages.

A transfer of the "own_*" relations is proposed by the other tree's centre to the caller's own
centre (so the caller's side decides on it); the "other_org" one goes from the other tree's
centre to the other tree's NGO. Proposing and withdrawing happen on the case (case relations).
The views declare the case roles: the World's service staff works at a UPTD PPA (a case worker
there) and passes the gate; staff of units that hold no cases do not
(tests/transfers/test_case_roles_only.py).
"""

from __future__ import annotations

import uuid

from casework.accounts.models import Organisation, User
from casework.cases.operations import register_case
from casework.extensions import db
from casework.transfers.operations import propose_transfer
from tests.access.matrix import ALLOW, DENY, LOGIN, case_rows, expect, register_arg
from tests.conftest import case_data

CONSENT = {"given": True, "given_by": "survivor"}


def proposed_transfer(world, to_org_id: uuid.UUID) -> uuid.UUID:
    """A new case of the other tree's centre, proposed for transfer to an organisation."""
    with world.app.test_request_context("/"):
        author = db.session.get(User, world.stranger.id)
        case = register_case(case_data(), author.organisation_id, author)
        transfer = propose_transfer(case, db.session.get(Organisation, to_org_id), "moved_away",
                                    "routine", None, CONSENT, author)
        db.session.commit()
        return transfer.id


def _transfer_id(world, relation: str) -> uuid.UUID:
    """A transfer the caller's side decides on (own relations) or not (other_org)."""
    to_org = world.other_ngo.id if relation == "other_org" else world.home_centre.id
    return world.once("transfer_id", relation, lambda: proposed_transfer(world, to_org))


def _receiver_id(world, _relation: str) -> uuid.UUID:
    """An organisation that holds cases, for the proposal form."""
    return world.other_centre.id


def _assignee_id(world, _relation: str) -> uuid.UUID:
    """A case worker of the caller's own centre, for the acceptance form."""
    return world.callers["paralegal"].id


register_arg("transfer_id", _transfer_id, is_object=True)
register_arg("receiver_id", _receiver_id)
register_arg("assignee_id", _assignee_id)

PROPOSAL = {"receiver": "{receiver_id}", "reason": "moved_away", "urgency": "routine",
            "consent_given": "y", "consent_given_by": "survivor"}
RECEIVER = {"own_assigned": ALLOW, "own_unassigned": ALLOW, "other_org": DENY}


def _receiver_rows(endpoint: str, method: str, data: dict | None = None) -> list:
    """The receiving organisation's case workers and supervisors; nobody else."""
    return expect(endpoint, method, data, anonymous=LOGIN, paralegal=RECEIVER,
                  supervisor=RECEIVER, service_staff=DENY, admin=DENY)


ROWS = [
    *case_rows("transfers.new", "GET"),
    *case_rows("transfers.new", "POST", data=PROPOSAL),
    *case_rows("transfers.withdraw", "POST"),
    *expect("transfers.index", "GET", anonymous=LOGIN, paralegal=ALLOW, supervisor=ALLOW,
            service_staff=ALLOW, admin=DENY),
    *_receiver_rows("transfers.show", "GET"),
    *_receiver_rows("transfers.accept", "POST", {"assignee": "{assignee_id}"}),
    *_receiver_rows("transfers.decline", "POST", {"reason": "Wilayah kami penuh."}),
]
