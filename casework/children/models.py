"""A child's guardian or caregiver, and the child-friendly interviews of her case."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.crypto.fields import Encrypted
from casework.database import UTCDateTime, created_at, utcnow, uuid_pk
from casework.extensions import db


class Guardian(db.Model):
    """The guardian or caregiver of a survivor under 18: one per case, name and contact
    encrypted; the contact is kept only when it is safe to contact her."""

    __tablename__ = "guardian"

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), unique=True)
    name = Encrypted(str)
    relationship: Mapped[str] = mapped_column(String(16))
    perpetrator_link: Mapped[str] = mapped_column(String(16))
    safe_to_contact: Mapped[bool] = mapped_column(default=False)
    contact = Encrypted(str)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def may_consent(self) -> bool:
        """A guardian who is the perpetrator, or connected to him, never consents for her."""
        return self.perpetrator_link == "none"


class ChildInterview(db.Model):
    """A child-friendly interview: how it was adapted (codes), who was present, a note."""

    __tablename__ = "child_interview"
    __table_args__ = (Index("ix_child_interview_case_date", "case_id", "interviewed_on"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    interviewed_on: Mapped[date] = mapped_column(Date)
    # The adaptations as space-separated codes (categories.INTERVIEW_ADAPTATIONS): a few
    # codes read together with the note, never grouped by, so no table of their own.
    adaptations: Mapped[str] = mapped_column(String(200), default="")
    present = Encrypted(str)
    note = Encrypted(str)
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at()

    @property
    def adaptation_codes(self) -> list[str]:
        """The adaptation codes as a list."""
        return self.adaptations.split() if self.adaptations else []
