"""One ticked disability type or accommodation of a survivor, a row each."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.crypto.fields import Encrypted
from casework.database import uuid_pk
from casework.extensions import db


class SurvivorNeed(db.Model):
    """A disability type (kind "disability") or an accommodation she needs (kind
    "accommodation"): rows, as incident categories are, so statistics can group by them on
    both databases; the text of an "other" accommodation is encrypted and bound to its row."""

    __tablename__ = "survivor_need"
    __table_args__ = (Index("ix_survivor_need_kind_code", "kind", "code"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(24))
    detail = Encrypted(str)
