"""An attachment: a file on a case, encrypted in the store; here only what describes it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.cases.models import Case
from casework.crypto.fields import Encrypted
from casework.database import created_at, uuid_pk
from casework.extensions import db


class Attachment(db.Model):
    """A PDF, JPEG or PNG on a case; its bytes live encrypted under a random name."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_case_time", "case_id", "created_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    filename = Encrypted(str)
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(Integer)
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    # The data key the stored file is encrypted with (the file itself is not a column).
    key_id: Mapped[str] = mapped_column(String(32), index=True)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at()

    case: Mapped[Case] = relationship()
