"""What changes a case's perpetrators from the case page. Each flushes; the request commits."""

from __future__ import annotations

from typing import Any

from casework.accounts.models import User
from casework.cases.errors import CaseClosed
from casework.cases.models import Case
from casework.cases.operations import check_version, flush_case_change, lock_case
from casework.database import utcnow
from casework.extensions import db
from casework.perpetrators.errors import NoIncident
from casework.perpetrators.models import Perpetrator
from casework.perpetrators.records import apply_answers, create_perpetrator, record_change


def _open_case_changed(case: Case) -> None:
    """Refuse a change to a closed case; otherwise hold it and mark it changed now."""
    if case.is_closed:
        raise CaseClosed()
    lock_case(case)
    case.updated_at = utcnow()


def add_perpetrator(case: Case, data: dict[str, Any], author: User) -> Perpetrator:
    """Add a perpetrator to the case's incident."""
    _open_case_changed(case)
    incident = case.incident
    if incident is None:
        raise NoIncident()
    return create_perpetrator(case, incident, data, author)


def update_perpetrator(case: Case, perpetrator: Perpetrator, data: dict[str, Any],
                       version: Any, author: User) -> None:
    """Save an edit; refused when someone saved the perpetrator since the form was opened."""
    _open_case_changed(case)
    check_version(perpetrator, version)
    apply_answers(perpetrator, data)
    flush_case_change()
    record_change(case, perpetrator, "edited", author)
    db.session.flush()


def remove_perpetrator(case: Case, perpetrator: Perpetrator, version: Any, author: User) -> None:
    """Remove a perpetrator recorded by mistake; refused when changed since the page loaded."""
    _open_case_changed(case)
    check_version(perpetrator, version)
    record_change(case, perpetrator, "removed", author)
    db.session.delete(perpetrator)
    flush_case_change()
