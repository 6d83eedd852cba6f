"""Audit coverage (tests/audit) of the legal steps: every view and change writes its entry."""

from __future__ import annotations

from casework.accounts.models import User
from casework.cases.models import Case
from casework.extensions import db
from casework.i18n import local_today
from casework.legal import operations as ops
from tests.audit.coverage import audited

TODAY = local_today().isoformat()


def _step(world, _values) -> dict:
    """A police report on the case."""
    with world.app.test_request_context("/"):
        case = db.session.get(Case, world.cases["own_assigned"].id)
        paralegal = db.session.get(User, world.callers["paralegal"].id)
        step = ops.add_step(case, "police_report", {"step_on": local_today()}, paralegal)
        db.session.commit()
        return {"step_id": step.id}


REPORT = {"kind": "police_report", "step_on": TODAY, "report_number": "LP/B/1/2026",
          "police_unit": "Unit PPA Polres"}

ROWS = [
    audited("legal.new_step", "GET", "view", object_type="case"),
    audited("legal.new_step", "POST", "create", object_type="legal_step", data=REPORT),
    audited("legal.edit_step", "GET", "view", object_type="legal_step", setup=_step),
    audited("legal.edit_step", "POST", "update", object_type="legal_step", setup=_step,
            data={**REPORT, "version": "1"}),
    audited("legal.remove_step", "POST", "delete", object_type="legal_step", setup=_step),
]
