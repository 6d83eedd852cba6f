"""A perpetrator of an incident, and the record of each change made to one."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from casework.crypto.fields import Encrypted
from casework.database import created_at, uuid_pk
from casework.extensions import db

# The plain category columns a perpetrator has (the category lists of casework.cases).
PERPETRATOR_FIELDS = "sex age_band education occupation relationship is_child harmed_others".split()
# The encrypted ones: a name or alias, and free text about them.
PERPETRATOR_SECRETS = ("name", "details")


class Perpetrator(db.Model):
    """One perpetrator of an incident: categories plain for statistics, name encrypted."""

    __tablename__ = "perpetrator"
    __table_args__ = (Index("ix_perpetrator_case_created", "case_id", "created_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incident.id"), index=True)
    name = Encrypted(str)
    details = Encrypted(str)
    sex: Mapped[str | None] = mapped_column(String(8))
    age_band: Mapped[str | None] = mapped_column(String(8))
    education: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(24))
    relationship: Mapped[str | None] = mapped_column(String(24))
    is_child: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    harmed_others: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = created_at()
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class PerpetratorChange(db.Model):
    """A perpetrator added, edited or removed: the timeline's record, which outlives a removal."""

    __tablename__ = "perpetrator_change"
    __table_args__ = (Index("ix_perpetrator_change_case_time", "case_id", "changed_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    # No foreign key: the change of a removed perpetrator stays after its row is gone.
    perpetrator_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(8))
    changed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    changed_at: Mapped[datetime] = created_at()
