"""What changes a child's record: her guardian, her interviews. Each flushes, never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.errors import CaseClosed
from casework.cases.models import Case
from casework.children.errors import ContactNotSafe, NotAChild
from casework.children.models import ChildInterview, Guardian
from casework.extensions import db


def guardian_of(case: Case) -> Guardian | None:
    """The guardian or caregiver recorded on the case, if any."""
    return db.session.scalar(select(Guardian).where(Guardian.case_id == case.id))


def interviews_of(case: Case) -> list[ChildInterview]:
    """The case's child-friendly interviews, newest first."""
    return list(db.session.scalars(
        select(ChildInterview).where(ChildInterview.case_id == case.id)
        .order_by(ChildInterview.interviewed_on.desc(), ChildInterview.created_at.desc())))


def _check_open_child(case: Case) -> None:
    """Only an open case of a survivor under 18 takes these records."""
    if case.is_closed:
        raise CaseClosed()
    if case.survivor is None or not case.survivor.is_child:
        raise NotAChild()


def save_guardian(case: Case, data: dict[str, Any], author: User) -> Guardian:
    """Record or change the child's guardian; the contact only when it is safe to use."""
    _check_open_child(case)
    contact = (data.get("contact") or "").strip()
    if contact and not data.get("safe_to_contact"):
        raise ContactNotSafe()
    guardian = guardian_of(case)
    action = "update" if guardian else "create"
    if guardian is None:
        guardian = Guardian(case_id=case.id)
        db.session.add(guardian)
    guardian.name = data["name"].strip()
    guardian.relationship = data["relationship"]
    guardian.perpetrator_link = data["perpetrator_link"]
    guardian.safe_to_contact = bool(data.get("safe_to_contact"))
    guardian.contact = contact or None
    guardian.recorded_by_id = author.id
    db.session.flush()
    record(action, object_type="guardian", object_id=guardian.id, case_ref=case.reference)
    return guardian


def add_interview(case: Case, data: dict[str, Any], author: User) -> ChildInterview:
    """Record a child-friendly interview of the child."""
    _check_open_child(case)
    interview = ChildInterview(case_id=case.id, interviewed_on=data["interviewed_on"],
                               adaptations=" ".join(data.get("adaptations") or []),
                               author_id=author.id)
    interview.present = data["present"]
    interview.note = data["note"]
    db.session.add(interview)
    db.session.flush()
    record("create", object_type="child_interview", object_id=interview.id,
           case_ref=case.reference)
    return interview
