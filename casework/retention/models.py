"""The record that a case was purged: when, why and by whom; nothing of what it held."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.database import UTCDateTime, utcnow, uuid_pk
from casework.extensions import db


class CasePurge(db.Model):
    """A purged case: its identifying values are gone, its categories stay for statistics."""

    __tablename__ = "case_purge"

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(32))
    purged_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
