"""A proposed transfer of a case from the organisation holding it to another one.

The row outlives the sender's access: after acceptance it is the sender's only trace of the
case (reference, date, to whom), read without touching the survivor's records.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.accounts.models import Organisation, User
from casework.cases.models import Case, Consent
from casework.crypto.fields import Encrypted
from casework.database import UTCDateTime, created_at, uuid_pk
from casework.extensions import db

TRANSFER_STATUSES = {
    "proposed": _l("Proposed"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}
OPEN_STATUS = "proposed"
# Why a case moves: a code, so the receiver's decision page shows it without free text.
TRANSFER_REASONS = {
    "moved_away": _l("She moved to the receiver's area"),
    "safety": _l("Her safety: she must be away from the perpetrator's area"),
    "services": _l("She needs services the receiver gives"),
    "survivor_wish": _l("Her own wish"),
    "other": _l("Other reason"),
}


class CaseTransfer(db.Model):
    """One proposal to hand a case to another organisation, and its answer."""

    __tablename__ = "case_transfer"
    __table_args__ = (
        Index("ix_case_transfer_to_status", "to_org_id", "status", "proposed_at"),
        Index("ix_case_transfer_from_status", "from_org_id", "status", "proposed_at"),
        Index("ix_case_transfer_case_status", "case_id", "status"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    from_org_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisation.id"))
    to_org_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisation.id"))
    consent_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("consent.id"))
    status: Mapped[str] = mapped_column(String(16), default=OPEN_STATUS)
    reason: Mapped[str] = mapped_column(String(24))
    urgency: Mapped[str] = mapped_column(String(12), default="routine")
    # For the receiver once it accepted (and for the sender meanwhile): may name her.
    note = Encrypted(str)
    decline_reason = Encrypted(str)
    proposed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = created_at()
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_to_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    # Two people accepting at once: the second UPDATE finds a newer version and is refused.
    __mapper_args__ = {"version_id_col": version}

    case: Mapped[Case] = relationship()
    from_org: Mapped[Organisation] = relationship(foreign_keys=[from_org_id])
    to_org: Mapped[Organisation] = relationship(foreign_keys=[to_org_id])
    consent: Mapped[Consent] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])

    @property
    def is_open(self) -> bool:
        """Proposed and not yet answered or withdrawn."""
        return self.status == OPEN_STATUS
