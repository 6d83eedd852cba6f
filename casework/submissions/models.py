"""A form that was saved: its one-time token (hashed), who sent it, and where its answer led."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.database import created_at, uuid_pk
from casework.extensions import db


class FormSubmission(db.Model):
    """One saved submission of a create form (a case, a note, a referral)."""

    __tablename__ = "form_submission"
    __table_args__ = (Index("ix_form_submission_created_at", "created_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"))
    # Where the saved form's answer sent the user (a case or referral page: no personal value).
    location: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at()
