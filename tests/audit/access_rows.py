"""Rows of the shared authorisation matrix (tests/access) for the access log's pages.

The log and its export are the supervisor's, scoped to her tree; a person's history only for
staff she oversees (the World's colleague, or the other tree's stranger); a case's access
history for the staff who hold the case.
"""

from __future__ import annotations

from tests.access.matrix import ALLOW, DENY, LOGIN, OTHER_ORG, case_rows, expect, register_arg


def _person_id(world, relation: str):
    """A paralegal of the caller's own tree, or of the other tree."""
    return world.stranger.id if relation in OTHER_ORG else world.colleague.id


register_arg("person_id", _person_id, is_object=True)

SUPERVISOR_ONLY = {"anonymous": LOGIN, "paralegal": DENY, "service_staff": DENY,
                   "supervisor": ALLOW, "admin": DENY}

ROWS = [
    *expect("audit.index", "GET", **SUPERVISOR_ONLY),
    *expect("audit.export", "GET", **SUPERVISOR_ONLY),
    *expect("audit.acknowledge", "POST", **SUPERVISOR_ONLY),
    *expect("audit.person", "GET", **{**SUPERVISOR_ONLY, "supervisor": {
        "own_assigned": ALLOW, "own_unassigned": ALLOW, "other_org": DENY}}),
    *case_rows("audit.case_history", "GET"),
]
