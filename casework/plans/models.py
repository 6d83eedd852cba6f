"""Assessments, safety plans, the action plan (goals, actions) and follow-ups of a case."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.accounts.models import Organisation, User
from casework.cases.models import Case
from casework.crypto.fields import Encrypted
from casework.database import UTCDateTime, created_at, uuid_pk
from casework.extensions import db


class Assessment(db.Model):
    """One needs-and-risk assessment; a reassessment is a new row, the old ones stay."""

    __tablename__ = "plan_assessment"
    __table_args__ = (Index("ix_plan_assessment_case_time", "case_id", "assessed_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    risk_level: Mapped[str] = mapped_column(String(8))
    assessed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    assessed_at: Mapped[datetime] = created_at()
    summary = Encrypted(str)

    assessed_by: Mapped[User | None] = relationship()
    needs: Mapped[list[AssessmentNeed]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    def need(self, area: str) -> AssessmentNeed | None:
        """The need recorded for one area, if any."""
        return next((n for n in self.needs if n.area == area), None)


class AssessmentNeed(db.Model):
    """One area of need in an assessment, with its urgency (plain, for statistics)."""

    __tablename__ = "plan_assessment_need"
    __table_args__ = (Index("ix_plan_assessment_need_area_urgency", "area", "urgency"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    assessment_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("plan_assessment.id"), index=True
    )
    area: Mapped[str] = mapped_column(String(24))
    urgency: Mapped[str] = mapped_column(String(8))
    note = Encrypted(str)

    assessment: Mapped[Assessment] = relationship(back_populates="needs")


class SafetyPlan(db.Model):
    """One version of the survivor's safety plan; saving makes a new version."""

    __tablename__ = "plan_safety_plan"
    __table_args__ = (Index("ix_plan_safety_plan_case_number", "case_id", "number", unique=True),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    number: Mapped[int] = mapped_column(Integer)
    copy_status: Mapped[str] = mapped_column(String(16), default="not_offered")
    written_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    written_at: Mapped[datetime] = created_at()
    safe_places = Encrypted(str)
    trusted_people = Encrypted(str)
    signals = Encrypted(str)
    emergency_contacts = Encrypted(str)
    leaving_kit = Encrypted(str)
    other_steps = Encrypted(str)

    written_by: Mapped[User | None] = relationship()


SAFETY_PLAN_FIELDS = (
    "safe_places", "trusted_people", "signals", "emergency_contacts", "leaving_kit", "other_steps"
)


class SafetyPlanReview(db.Model):
    """A date on which the safety plan was revisited with the survivor."""

    __tablename__ = "plan_safety_review"
    __table_args__ = (Index("ix_plan_safety_review_case_date", "case_id", "reviewed_on"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    plan_number: Mapped[int] = mapped_column(Integer)
    reviewed_on: Mapped[date] = mapped_column(Date)
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = created_at()
    note = Encrypted(str)

    reviewed_by: Mapped[User | None] = relationship()


class Goal(db.Model):
    """A goal of the action plan, for one area of need."""

    __tablename__ = "plan_goal"
    __table_args__ = (Index("ix_plan_goal_case_status", "case_id", "status"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    area: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at()
    description = Encrypted(str)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    actions: Mapped[list[Action]] = relationship(
        back_populates="goal", order_by="Action.due_on, Action.created_at"
    )


class Action(db.Model):
    """A step towards a goal: who does it, by when, and how far it is."""

    __tablename__ = "plan_action"
    __table_args__ = (
        # Open actions by due date: most actions end done, so status comes first.
        Index("ix_plan_action_due_status", "status", "due_on"),
        Index("ix_plan_action_case_due", "case_id", "due_on"),
        # Covers a paralegal's overdue count: probed once per case she is assigned.
        Index("ix_plan_action_case_open", "case_id", "status", "due_on"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    goal_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("plan_goal.id"), index=True)
    responsible_kind: Mapped[str] = mapped_column(String(16))
    responsible_user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("user_account.id"), index=True
    )
    unit_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organisation.id"))
    referral_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at()
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    description = Encrypted(str)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    goal: Mapped[Goal] = relationship(back_populates="actions")
    case: Mapped[Case] = relationship()
    responsible_user: Mapped[User | None] = relationship(foreign_keys=[responsible_user_id])
    unit: Mapped[Organisation | None] = relationship()

    @property
    def is_open(self) -> bool:
        """Planned or in progress."""
        return self.status in ("planned", "in_progress")

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.is_open and self.due_on < today


class FollowUp(db.Model):
    """A dated contact with the survivor (visit, call, message), its outcome and the next date."""

    __tablename__ = "plan_followup"
    __table_args__ = (
        # Unanswered follow-ups by next date: most are answered, so that comes first.
        Index("ix_plan_followup_next_open", "answered_at", "next_on"),
        Index("ix_plan_followup_case_date", "case_id", "contact_on"),
        # Covers a paralegal's due count: probed once per case she is assigned.
        Index("ix_plan_followup_case_due", "case_id", "answered_at", "next_on"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    contact_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(24))
    next_on: Mapped[date | None] = mapped_column(Date)
    # Set when a later contact is recorded, so only the latest next date counts as due.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = created_at()
    note = Encrypted(str)

    recorded_by: Mapped[User | None] = relationship()
    case: Mapped[Case] = relationship()
