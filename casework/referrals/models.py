"""The service directory, referrals, the services they request and their status history.

Statistics (reports domain) read these tables directly:
- `unit_service`: which service each unit offers (the directory).
- `referral`: one row per referral; `status`, `urgency`, `from_org_id`, `to_org_id`,
  `sent_at`, `accepted_at`, `ended_at` (declined, withdrawn or completed) are plain and indexed.
- `referral_service`: one row per service requested (`service_type`, a SERVICES code).
- `referral_transition`: every status change with who and when (reason encrypted).
Services the unit gave are `cases.models.ServiceRecord` rows carrying `referral_id`.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.accounts.models import Organisation, User
from casework.cases.models import Case, Consent
from casework.crypto.fields import Encrypted
from casework.database import UTCDateTime, created_at, utcnow, uuid_pk
from casework.extensions import db

REFERRAL_STATUSES = {
    "sent": _l("Sent"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "completed": _l("Completed"),
    "withdrawn": _l("Withdrawn"),
}
OPEN_STATUSES = ("sent", "accepted")
ENDED_STATUSES = ("declined", "completed", "withdrawn")
URGENCIES = {
    "routine": _l("Routine"),
    "urgent": _l("Urgent (within 24 hours)"),
    "emergency": _l("Emergency (today)"),
}
# The groups of fields a survivor may agree to share, in the order a consent form asks them.
SHARED_GROUPS = {
    "identity": _l("Identity (name, age, sex, region)"),
    "contact": _l("Contact (phone, address)"),
    "safe_contact": _l("Safe contact (safe number, times, code word)"),
    "incident": _l("Incident (what happened, perpetrator)"),
    "nik": _l("NIK (identity number)"),
    # Its own group (not part of identity): what a unit must prepare (an interpreter, access)
    # is often all it needs, and disability is sensitive health data she may keep back.
    "accommodation": _l("Disability and accommodation (what the unit must prepare)"),
    "documents": _l("Documents"),
    "notes": _l("Case notes"),
}
# Why a referral ended when the survivor, not staff, ended it.
TRANSITION_CAUSES = {"consent_withdrawn": _l("The survivor withdrew her consent")}


class UnitService(db.Model):
    """One service a service unit offers: the rows of the service directory."""

    __tablename__ = "unit_service"
    __table_args__ = (UniqueConstraint("organisation_id", "service_type"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organisation.id"), index=True
    )
    service_type: Mapped[str] = mapped_column(String(32), index=True)

    organisation: Mapped[Organisation] = relationship()


class Referral(db.Model):
    """A case referred by its organisation to a service unit, under the survivor's consent."""

    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_to_status_changed", "to_org_id", "status", "status_changed_at"),
        Index("ix_referral_from_status_changed", "from_org_id", "status", "status_changed_at"),
        Index("ix_referral_case_sent", "case_id", "sent_at"),
        Index("ix_referral_status_changed", "status", "status_changed_at"),
        # The report's referral table reads only this index: sender, period, then what it
        # counts (unit, status, days to acceptance and completion).
        Index("ix_referral_report", "from_org_id", "sent_at", "to_org_id", "status",
              "accepted_at", "ended_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    from_org_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisation.id"))
    to_org_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisation.id"))
    consent_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("consent.id"))
    status: Mapped[str] = mapped_column(String(16), default="sent")
    urgency: Mapped[str] = mapped_column(String(12), default="routine", index=True)
    reason = Encrypted(str)
    closing_note = Encrypted(str)
    sent_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    sent_at: Mapped[datetime] = created_at()
    accepted_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    # Two staff accepting at once: the second UPDATE finds a newer version and is refused.
    __mapper_args__ = {"version_id_col": version}

    case: Mapped[Case] = relationship()
    from_org: Mapped[Organisation] = relationship(foreign_keys=[from_org_id])
    to_org: Mapped[Organisation] = relationship(foreign_keys=[to_org_id])
    consent: Mapped[Consent] = relationship()
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])
    services: Mapped[list[ReferralService]] = relationship(
        back_populates="referral", cascade="all, delete-orphan"
    )
    transitions: Mapped[list[ReferralTransition]] = relationship(
        back_populates="referral", order_by="ReferralTransition.at",
        cascade="all, delete-orphan",
    )

    @property
    def is_open(self) -> bool:
        """Sent or accepted: the unit still has work (and access)."""
        return self.status in OPEN_STATUSES

    @property
    def service_types(self) -> list[str]:
        """The codes of the services requested."""
        return [s.service_type for s in self.services]

    @property
    def shared_groups(self) -> list[str]:
        """The field groups the survivor agreed to share with the unit, in form order."""
        scope = set((self.consent.scope or "").split(","))
        return [group for group in SHARED_GROUPS if group in scope]

    @property
    def consent_active(self) -> bool:
        """The survivor's consent to this referral stands."""
        return self.consent is not None and self.consent.active


class ReferralService(db.Model):
    """One service requested by a referral (a row each, so statistics can group by it)."""

    __tablename__ = "referral_service"
    __table_args__ = (UniqueConstraint("referral_id", "service_type"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referral.id"), index=True)
    service_type: Mapped[str] = mapped_column(String(32), index=True)

    referral: Mapped[Referral] = relationship(back_populates="services")


class ReferralTransition(db.Model):
    """One status change: from, to, who, their organisation, when, and why (encrypted)."""

    __tablename__ = "referral_transition"
    __table_args__ = (Index("ix_referral_transition_referral_at", "referral_id", "at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referral.id"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16), index=True)
    cause: Mapped[str | None] = mapped_column(String(24))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    actor_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organisation.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason = Encrypted(str)

    referral: Mapped[Referral] = relationship(back_populates="transitions")
    actor: Mapped[User | None] = relationship()
    actor_org: Mapped[Organisation | None] = relationship()


class ReferralIntake(db.Model):
    """A referral the receiving unit took into case management: the unit's own case made from
    it. One per referral (the unique constraint refuses a second, even one sent at once)."""

    __tablename__ = "referral_intake"

    id: Mapped[uuid.UUID] = uuid_pk()
    referral_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("referral.id"), unique=True)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), unique=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisation.id"))
    taken_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    taken_at: Mapped[datetime] = created_at()

    referral: Mapped[Referral] = relationship()
    case: Mapped[Case] = relationship()
    organisation: Mapped[Organisation] = relationship()
