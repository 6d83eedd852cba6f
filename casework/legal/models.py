"""Legal steps of a case: the criminal process, restitution, protection, LPSK, legal aid."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.accounts.models import Organisation
from casework.crypto.fields import Encrypted
from casework.database import created_at, uuid_pk
from casework.extensions import db


class LegalStep(db.Model):
    """One dated step of the case's legal process or protection, with who went with her."""

    __tablename__ = "legal_step"
    __table_args__ = (
        Index("ix_legal_step_case_kind", "case_id", "kind", "step_on"),
        # The statistics ask "has the case reached this kind" for many cases at once.
        Index("ix_legal_step_kind_case", "kind", "case_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    kind: Mapped[str] = mapped_column(String(32))
    step_on: Mapped[date] = mapped_column(Date)
    accompanied_by_org_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organisation.id"))
    # Restitution: the decision and the amount in rupiah (whole, never negative).
    decision: Mapped[str | None] = mapped_column(String(12))
    amount: Mapped[int | None] = mapped_column(BigInteger)
    # A protection order granted: by whom, and the days it holds.
    ordered_by: Mapped[str | None] = mapped_column(String(8))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    provider_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organisation.id"))
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = created_at()
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Free text can name people and places: encrypted and bound to this row.
    accompanied_by = Encrypted(str)
    report_number = Encrypted(str)
    police_unit = Encrypted(str)
    sentence = Encrypted(str)
    restrictions = Encrypted(str)
    provider_name = Encrypted(str)

    __mapper_args__ = {"version_id_col": version}

    accompanied_by_org: Mapped[Organisation | None] = relationship(
        foreign_keys=[accompanied_by_org_id])
    provider_org: Mapped[Organisation | None] = relationship(foreign_keys=[provider_org_id])

    def in_force(self, today: date) -> bool:
        """A granted protection order whose days include today."""
        return (self.kind == "protection_order_granted" and self.starts_on is not None
                and self.ends_on is not None and self.starts_on <= today <= self.ends_on)

    @property
    def companion(self) -> str:
        """Who accompanied her: the organisation in the system, else the text."""
        return self.accompanied_by_org.name if self.accompanied_by_org else (self.accompanied_by or "")

    @property
    def provider(self) -> str:
        """The legal aid provider: the organisation in the system, else its name."""
        return self.provider_org.name if self.provider_org else (self.provider_name or "")
