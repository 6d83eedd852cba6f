"""Reading and writing perpetrator rows, for the case page and for the cases domain's own
operations (intake, copying a referred case), which cannot import the edits module."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.models import Case, Incident
from casework.extensions import db
from casework.perpetrators.models import (
    PERPETRATOR_FIELDS,
    PERPETRATOR_SECRETS,
    Perpetrator,
    PerpetratorChange,
)

# The intake form asks for the first perpetrator under these names (perpetrator_<field>).
INTAKE_PREFIX = "perpetrator_"
ALL_FIELDS = (*PERPETRATOR_FIELDS, *PERPETRATOR_SECRETS)


def perpetrators_of(case: Case) -> list[Perpetrator]:
    """The case's perpetrators, first recorded first."""
    return list(db.session.scalars(
        select(Perpetrator).where(Perpetrator.case_id == case.id)
        .order_by(Perpetrator.created_at, Perpetrator.id)))


def apply_answers(perpetrator: Perpetrator, data: dict[str, Any]) -> None:
    """Copy the form's answers onto the perpetrator ('' becomes None)."""
    for name in ALL_FIELDS:
        if name in data:
            value = data[name]
            setattr(perpetrator, name, None if value == "" else value)
    perpetrator.is_child = bool(perpetrator.is_child)
    perpetrator.harmed_others = bool(perpetrator.harmed_others)


def record_change(case: Case, perpetrator: Perpetrator, action: str, author: User | None) -> None:
    """The timeline's record of the change, and its access-log entry."""
    db.session.add(PerpetratorChange(case_id=case.id, perpetrator_id=perpetrator.id,
                                     action=action, changed_by_id=author.id if author else None))
    record("create" if action == "added" else "update" if action == "edited" else "delete",
           object_type="perpetrator", object_id=perpetrator.id, case_ref=case.reference)


def intake_perpetrator(data: dict[str, Any]) -> dict[str, Any] | None:
    """The first perpetrator's answers in an intake form's data, or None when none was given."""
    answers = {name: data.get(INTAKE_PREFIX + name) for name in ALL_FIELDS}
    return answers if any(answers.values()) else None


def create_perpetrator(case: Case, incident: Incident, data: dict[str, Any],
                       author: User | None) -> Perpetrator:
    """A new perpetrator row of the incident (at intake, from the case page, in a copy)."""
    perpetrator = Perpetrator(case_id=case.id, incident_id=incident.id,
                              created_by_id=author.id if author else None)
    apply_answers(perpetrator, data)
    db.session.add(perpetrator)
    db.session.flush()
    record_change(case, perpetrator, "added", author)
    return perpetrator


def copy_perpetrators(old: Incident, new: Incident, case: Case, author: User | None) -> None:
    """A copied incident's perpetrators, their names encrypted afresh for the new rows."""
    sources = list(db.session.scalars(
        select(Perpetrator).where(Perpetrator.incident_id == old.id)
        .order_by(Perpetrator.created_at, Perpetrator.id)))
    for source in sources:
        create_perpetrator(case, new, {name: getattr(source, name) for name in ALL_FIELDS},
                           author)
