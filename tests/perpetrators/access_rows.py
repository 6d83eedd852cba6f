"""Rows of the shared authorisation matrix (tests/access) for the perpetrator pages."""

from __future__ import annotations

from casework.perpetrators.records import create_perpetrator, perpetrators_of
from tests.access.matrix import case_rows, register_arg


def _perpetrator_id(world, relation: str):
    """The first perpetrator of the relation's case, or a new one (an allowed remove takes it
    away, and the next row of the endpoint needs one again)."""

    def first_or_new(case, author):
        found = perpetrators_of(case)
        if found:
            return found[0].id
        return create_perpetrator(case, case.incident, {"relationship": "neighbour"}, author).id

    return world.make_in_case(relation, first_or_new)


register_arg("perpetrator_id", _perpetrator_id, of_case=True)

# A version no perpetrator has: an allowed edit or removal is refused as stale (409, or a
# redirect back to the case), which still shows the caller was let in, and changes nothing.
STALE = {"version": "999", "relationship": "neighbour"}

ROWS = [
    *case_rows("perpetrators.new", "GET"),
    # No answer given is a valid (empty) perpetrator: an allowed add adds one.
    *case_rows("perpetrators.new", "POST", data={"relationship": "stranger"}),
    *case_rows("perpetrators.edit", "GET"),
    *case_rows("perpetrators.edit", "POST", data=STALE),
    *case_rows("perpetrators.remove", "POST", data={"version": "999"}),
]
