"""Loading a perpetrator of a case the user may already have; anything else is a logged 404."""

from __future__ import annotations

import uuid
from typing import NoReturn

from flask import abort

from casework.audit.operations import record
from casework.cases.models import Case
from casework.extensions import db
from casework.perpetrators.models import Perpetrator


def _deny(case: Case) -> NoReturn:
    """Answer 404 and record the denial (the same whether the perpetrator exists or not)."""
    record("denied", object_type="perpetrator", case_ref=case.reference, outcome="denied")
    abort(404)


def load_perpetrator(case: Case, perpetrator_id: str) -> Perpetrator:
    """The perpetrator of this case (loaded through load_case first), or a logged 404."""
    try:
        wanted = uuid.UUID(perpetrator_id)
    except ValueError:
        _deny(case)
    perpetrator = db.session.get(Perpetrator, wanted)
    if perpetrator is None or perpetrator.case_id != case.id:
        _deny(case)
    return perpetrator
