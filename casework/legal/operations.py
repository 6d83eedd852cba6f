"""What changes a case's legal steps. Each operation flushes and audits; the request commits."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.errors import CaseClosed
from casework.cases.models import Case
from casework.extensions import db
from casework.legal import categories as legal_cat
from casework.legal.errors import BeforePoliceReport, ReportAfterLaterStep, StaleStep
from casework.legal.models import LegalStep

KIND_TEXT = ("report_number", "police_unit", "sentence", "restrictions", "provider_name")
KIND_PLAIN = ("decision", "amount", "ordered_by", "starts_on", "ends_on")


def steps(case: Case) -> list[LegalStep]:
    """The case's legal steps by date, oldest first."""
    return list(db.session.scalars(
        select(LegalStep).where(LegalStep.case_id == case.id)
        .order_by(LegalStep.step_on, LegalStep.recorded_at)
    ))


def step_of(case: Case, step_id: str) -> LegalStep | None:
    """One of the case's steps by its id, or None (a malformed id too)."""
    try:
        wanted = uuid.UUID(step_id)
    except ValueError:
        return None
    return db.session.scalar(
        select(LegalStep).where(LegalStep.id == wanted, LegalStep.case_id == case.id))


def order_in_force(case: Case, today: date) -> LegalStep | None:
    """The protection order in force today that runs longest, if any."""
    orders = [s for s in db.session.scalars(
        select(LegalStep).where(LegalStep.case_id == case.id,
                                LegalStep.kind == "protection_order_granted",
                                LegalStep.starts_on <= today, LegalStep.ends_on >= today))]
    return max(orders, key=lambda s: s.ends_on, default=None)


def _check_order(case: Case, kind: str, step_on: date, step_id: uuid.UUID | None) -> None:
    """No step of the criminal process dated before the police report."""
    if kind not in legal_cat.PROCESS_KINDS:
        return
    others = [s for s in steps(case) if s.id != step_id]
    if kind == "police_report":
        reports = [s.step_on for s in others if s.kind == "police_report"]
        later = [s.step_on for s in others if s.kind in legal_cat.AFTER_REPORT]
        # The first report is the one the process runs from.
        first = min([*reports, step_on])
        if later and min(later) < first:
            raise ReportAfterLaterStep()
        return
    reports = [s.step_on for s in others if s.kind == "police_report"]
    if reports and step_on < min(reports):
        raise BeforePoliceReport(min(reports))


def _apply(step: LegalStep, data: dict[str, Any]) -> None:
    """Copy the fields the step's kind asks for; others are cleared."""
    wanted = set(legal_cat.fields_of(step.kind))
    step.step_on = data["step_on"]
    step.accompanied_by_org_id = data.get("accompanied_by_org_id")
    step.accompanied_by = (data.get("accompanied_by") or "").strip() or None
    for name in KIND_TEXT:
        setattr(step, name, ((data.get(name) or "").strip() or None) if name in wanted else None)
    for name in KIND_PLAIN:
        value = data.get(name)
        setattr(step, name, value if name in wanted and value != "" else None)
    step.provider_org_id = data.get("provider_org_id") if "provider_org" in wanted else None


def _open(case: Case) -> None:
    """Refuse any change to a closed case."""
    if case.is_closed:
        raise CaseClosed()


def add_step(case: Case, kind: str, data: dict[str, Any], user: User) -> LegalStep:
    """Record a legal step of the case."""
    _open(case)
    _check_order(case, kind, data["step_on"], None)
    step = LegalStep(id=uuid.uuid4(), case_id=case.id, kind=kind, recorded_by_id=user.id)
    _apply(step, data)
    db.session.add(step)
    db.session.flush()
    record("create", object_type="legal_step", object_id=step.id, case_ref=case.reference)
    return step


def update_step(case: Case, step: LegalStep, data: dict[str, Any], version: Any) -> LegalStep:
    """Change a step; a save over someone else's newer one is refused."""
    _open(case)
    if str(step.version) != str(version):
        raise StaleStep()
    _check_order(case, step.kind, data["step_on"], step.id)
    _apply(step, data)
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleStep() from exc
    record("update", object_type="legal_step", object_id=step.id, case_ref=case.reference)
    return step


def remove_step(case: Case, step: LegalStep) -> None:
    """Remove a step recorded in error."""
    _open(case)
    db.session.delete(step)
    db.session.flush()
    record("delete", object_type="legal_step", object_id=step.id, case_ref=case.reference)
