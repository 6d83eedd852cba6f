"""Who may see and change a case's legal steps: whoever may view or edit the case."""

from __future__ import annotations

from flask import abort

from casework.audit.operations import record
from casework.cases.access import load_case
from casework.cases.models import Case
from casework.legal import operations as ops
from casework.legal.models import LegalStep


def load_step(reference: str, step_id: str, need: str) -> tuple[Case, LegalStep]:
    """The case (for this need) and one of its steps; otherwise a logged 404."""
    case = load_case(reference, need=need)
    step = ops.step_of(case, step_id)
    if step is None:
        record("denied", object_type="legal_step", case_ref=case.reference, outcome="denied")
        abort(404)
    return case, step
