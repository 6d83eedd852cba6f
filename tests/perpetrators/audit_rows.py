"""Audit coverage rows (tests/audit) for the perpetrator pages."""

from __future__ import annotations

from casework.accounts.models import User
from casework.cases.models import Case
from casework.extensions import db
from casework.perpetrators.records import create_perpetrator
from tests.audit.coverage import audited


def _perpetrator(world, _values) -> dict:
    """A second perpetrator on the case, at version 1."""
    with world.app.test_request_context("/"):
        case = db.session.get(Case, world.cases["own_assigned"].id)
        paralegal = db.session.get(User, world.callers["paralegal"].id)
        made = create_perpetrator(case, case.incident, {"relationship": "neighbour"}, paralegal)
        db.session.commit()
        return {"perpetrator_id": made.id}


PERPETRATOR = {"name": "Pak Rudi", "relationship": "neighbour", "sex": "male",
               "age_band": "45-59", "occupation": "trader"}

ROWS = [
    audited("perpetrators.new", "GET", "view", object_type="case"),
    audited("perpetrators.new", "POST", "create", object_type="perpetrator", data=PERPETRATOR),
    audited("perpetrators.edit", "GET", "view", object_type="perpetrator", setup=_perpetrator),
    audited("perpetrators.edit", "POST", "update", object_type="perpetrator", setup=_perpetrator,
            data={**PERPETRATOR, "version": "1"}),
    audited("perpetrators.remove", "POST", "delete", object_type="perpetrator",
            setup=_perpetrator, data={"version": "1"}),
]
