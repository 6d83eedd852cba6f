"""A case, its survivor, incidents, consents, notes, assignments and blind indexes."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.accounts.models import Organisation, User
from casework.cases.categories import CHILD_AGE_BANDS
from casework.children.categories import CHILD_ASSENT
from casework.crypto.errors import DecryptionError
from casework.crypto.fields import Encrypted
from casework.database import UTCDateTime, created_at, utcnow, uuid_pk
from casework.extensions import db
from casework.regions import catalogue as regions

SURVIVOR_FIELDS = (
    "name alias nik date_of_birth phone address safe_phone safe_time may_leave_message "
    "code_word sex age_band disability education occupation marital_status "
    "province_code regency_code district_code village_code"
).split()
# The perpetrators are rows of their own (casework.perpetrators), one or more per incident.
INCIDENT_FIELDS = "incident_date gbv_type place narrative".split()


class Case(db.Model):
    """A survivor's case, held by one organisation and addressed by a random reference."""

    __tablename__ = "case_file"
    __table_args__ = (
        Index("ix_case_file_org_created", "organisation_id", "created_at"),
        Index("ix_case_file_org_status", "organisation_id", "status"),
        Index("ix_case_file_org_closed", "organisation_id", "closed_at"),
        # The supervisor's "no paralegal" list and count read only unstaffed entries.
        Index("ix_case_file_unstaffed", "staffed", "organisation_id", "status", "created_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisation.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    risk_level: Mapped[str | None] = mapped_column(String(8), index=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(String(32))
    closing_note = Encrypted(str)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    duplicate_of_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("case_file.id"))
    # How the case came in (categories.INTAKE_CHANNELS); NULL for cases recorded before the
    # question was asked (issue 13): their channel is not known.
    intake_channel: Mapped[str | None] = mapped_column(String(16))
    # Whether an active paralegal is assigned: kept by casework.cases.staffing on every flush
    # that changes an assignment or a user, so no list has to test every case for it.
    staffed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    organisation: Mapped[Organisation] = relationship()
    survivor: Mapped[Survivor] = relationship(back_populates="case", uselist=False)
    incidents: Mapped[list[Incident]] = relationship(
        back_populates="case", order_by="Incident.created_at"
    )
    notes: Mapped[list[CaseNote]] = relationship(
        back_populates="case", order_by="CaseNote.created_at.desc()"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="case", order_by="Consent.recorded_at"
    )
    assignments: Mapped[list[CaseAssignment]] = relationship(back_populates="case")

    @property
    def is_closed(self) -> bool:
        """Closed and duplicate cases take no more edits."""
        return self.status in ("closed", "duplicate")

    @property
    def incident(self) -> Incident | None:
        """The first incident recorded at intake."""
        return self.incidents[0] if self.incidents else None

    @property
    def listed_initials(self) -> str:
        """The survivor's initials for a list: an unreadable (tampered) name costs its own row
        only, not the whole list, and is recorded like any value that failed to decrypt."""
        from casework.audit.operations import record

        try:
            return self.survivor.initials if self.survivor else "—"
        except DecryptionError:
            record("decrypt_failed", object_type="case", object_id=self.id,
                   case_ref=self.reference, outcome="error")
            return "?"

    def active_assignees(self) -> list[User]:
        """The staff currently assigned to the case."""
        return [a.user for a in self.assignments if a.ended_at is None]

    def is_assigned(self, user: User) -> bool:
        """Whether the user is currently assigned to the case."""
        return any(a.user_id == user.id and a.ended_at is None for a in self.assignments)


class CaseAssignment(db.Model):
    """A member of staff assigned to a case, from when until when."""

    __tablename__ = "case_assignment"
    __table_args__ = (
        # Covering (case_id last): a person's active cases are one index range, no table reads.
        Index("ix_case_assignment_user_active", "user_id", "ended_at", "case_id"),
        # With the one above, her recent assignment notices are two short index ranges.
        Index("ix_case_assignment_user_given", "user_id", "assigned_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"))
    assigned_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    assigned_at: Mapped[datetime] = created_at()
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))

    case: Mapped[Case] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])


class Survivor(db.Model):
    """The person the case is about: identity encrypted, demographics as plain categories."""

    __tablename__ = "survivor"

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), unique=True)
    name = Encrypted(str)
    alias = Encrypted(str)
    nik = Encrypted(str)
    date_of_birth = Encrypted(date)
    phone = Encrypted(str)
    address = Encrypted(str)
    safe_phone = Encrypted(str)
    safe_time = Encrypted(str)
    may_leave_message = Encrypted(str)
    code_word = Encrypted(str)
    sex: Mapped[str | None] = mapped_column(String(8), index=True)
    age_band: Mapped[str | None] = mapped_column(String(8), index=True)
    disability: Mapped[str | None] = mapped_column(String(16))
    education: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(24))
    marital_status: Mapped[str | None] = mapped_column(String(16))
    province_code: Mapped[str | None] = mapped_column(String(2))
    regency_code: Mapped[str | None] = mapped_column(String(4))
    district_code: Mapped[str | None] = mapped_column(String(6), index=True)
    # The desa/kelurahan (10 digits), for the village's data pilah (casework.reports.village).
    village_code: Mapped[str | None] = mapped_column(String(10), index=True)

    case: Mapped[Case] = relationship(back_populates="survivor")

    @property
    def is_child(self) -> bool:
        """Under 18 at the time of report."""
        return self.age_band in CHILD_AGE_BANDS

    @property
    def initials(self) -> str:
        """Initials for lists, where the full name is not needed."""
        words = [w for w in (self.name or "").split() if w[0].isalnum()]
        return "".join(w[0].upper() + "." for w in words[:3]) or "—"

    @property
    def village_name(self) -> str:
        """The desa/kelurahan's name on the region list (the code when the list lacks it)."""
        return regions.name_of(self.village_code)

    @property
    def nik_masked(self) -> str:
        """The NIK with all but its last four digits hidden."""
        return f"************{self.nik[-4:]}" if self.nik else ""


class Incident(db.Model):
    """What happened: categories plain for statistics, narrative encrypted."""

    __tablename__ = "incident"

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    incident_date: Mapped[date | None] = mapped_column(Date)
    gbv_type: Mapped[str | None] = mapped_column(String(24), index=True)
    place: Mapped[str | None] = mapped_column(String(24))
    district_code: Mapped[str | None] = mapped_column(String(6))
    narrative = Encrypted(str)
    created_at: Mapped[datetime] = created_at()

    case: Mapped[Case] = relationship(back_populates="incidents")
    categories: Mapped[list[IncidentCategory]] = relationship(
        back_populates="incident", cascade="all, delete-orphan"
    )

    def codes(self, kind: str) -> list[str]:
        """The multi-select codes of one kind ('form' or 'tpks')."""
        return [c.code for c in self.categories if c.kind == kind]

    @property
    def forms(self) -> list[str]:
        """Forms of violence (SIMFONI-PPA)."""
        return self.codes("form")

    @property
    def tpks_crimes(self) -> list[str]:
        """Sexual-violence crimes under UU TPKS art. 4(1)."""
        return self.codes("tpks")


class IncidentCategory(db.Model):
    """One selected code of a multi-select list, a row each so statistics can group by it."""

    __tablename__ = "incident_category"
    __table_args__ = (Index("ix_incident_category_kind_code", "kind", "code"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    incident_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("incident.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(32))

    incident: Mapped[Incident] = relationship(back_populates="categories")


class Consent(db.Model):
    """The survivor's informed, specific, revocable agreement to one purpose."""

    __tablename__ = "consent"

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    granted: Mapped[bool] = mapped_column(Boolean)
    given_by: Mapped[str] = mapped_column(String(16), default="survivor")
    scope: Mapped[str] = mapped_column(String(200), default="")
    referral_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    guardian_note = Encrypted(str)
    # A child's own view of a referral made for her (casework.children.categories.CHILD_ASSENT).
    child_assent: Mapped[str | None] = mapped_column(String(16))
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = created_at()
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))

    case: Mapped[Case] = relationship(back_populates="consents")

    @property
    def active(self) -> bool:
        """Granted and not withdrawn."""
        return self.granted and self.withdrawn_at is None

    @property
    def child_assent_label(self) -> str:
        """The child's own view in the user's language ("" when not recorded)."""
        return str(CHILD_ASSENT.get(self.child_assent, "")) if self.child_assent else ""


class CaseNote(db.Model):
    """A dated note by a member of staff; its body is encrypted."""

    __tablename__ = "case_note"

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at()
    body = Encrypted(str)

    case: Mapped[Case] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class ServiceRecord(db.Model):
    """A service given to the survivor, by her own organisation or by a unit through a referral."""

    __tablename__ = "service_record"
    __table_args__ = (Index("ix_service_record_type_outcome", "service_type", "outcome"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    referral_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    provider_org_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisation.id"))
    service_type: Mapped[str] = mapped_column(String(32))
    delivered_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(32))
    document_type: Mapped[str | None] = mapped_column(String(24))
    document_issued: Mapped[bool | None] = mapped_column(Boolean)
    note = Encrypted(str)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = created_at()

    provider: Mapped[Organisation] = relationship()


class SurvivorIndex(db.Model):
    """A blind-index bucket for one searchable value of a survivor (NIK, phone, name word)."""

    __tablename__ = "survivor_index"
    __table_args__ = (Index("ix_survivor_index_lookup", "field", "bucket"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    survivor_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("survivor.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    field: Mapped[str] = mapped_column(String(8))
    key_id: Mapped[str] = mapped_column(String(32))
    bucket: Mapped[int] = mapped_column(Integer)


class CaseClosure(db.Model):
    """One closing of a case, kept when the case is reopened: reason, note, who approved."""

    __tablename__ = "case_closure"
    __table_args__ = (Index("ix_case_closure_case_time", "case_id", "closed_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    reason: Mapped[str] = mapped_column(String(32))
    closed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    closed_at: Mapped[datetime] = created_at()
    note = Encrypted(str)

    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class ClosureRequest(db.Model):
    """A paralegal's request to close a case that needs a supervisor's approval."""

    __tablename__ = "case_closure_request"
    __table_args__ = (Index("ix_case_closure_request_status_time", "status", "requested_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    # Why approval was needed: "high_risk", "open_referrals" or both, space-separated.
    grounds: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = created_at()
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note = Encrypted(str)
    decision_note = Encrypted(str)

    case: Mapped[Case] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class CaseReopening(db.Model):
    """A closed case opened again, with who did it and why."""

    __tablename__ = "case_reopening"
    __table_args__ = (Index("ix_case_reopening_case_time", "case_id", "reopened_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"))
    reopened_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"))
    reopened_at: Mapped[datetime] = created_at()
    reason = Encrypted(str)

    reopened_by: Mapped[User | None] = relationship()
