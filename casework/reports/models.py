"""The statistics' own table: one narrow row of plain categories per case, kept in step.

Counting straight from case_file, survivor, incident and incident_category joins every case
to three other tables by random UUID, which at 100,000 cases takes seconds per table. This
table holds, per case, only the plain categories the reports group by (never an encrypted
value), so each table of the report is one scan of one narrow table. casework.reports.facts
rewrites a case's row whenever the ORM flushes a change to the case, its survivor, its
incidents, their codes or its consents; `casework reports rebuild` rewrites them all (after a
bulk import or a restore).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casework.database import UTCDateTime
from casework.extensions import db

# The single categories, one table each, and the multi-select lists (one scan for all codes).
SINGLE_COLUMNS = (
    "age_band", "disability", "education", "occupation", "marital_status", "district_code",
    "gbv_type", "place", "perpetrator_relationship", "statistics_consent", "intake_channel",
)
MULTI_COLUMNS = ("forms", "tpks_crimes")


class CaseFact(db.Model):
    """A case's plain categories for statistics: who, what, where, when; nothing identifying.

    Duplicate cases have no row: they are counted under the case they duplicate.
    """

    __tablename__ = "report_case_fact"
    __table_args__ = (
        # One covering index per table of the report, in its GROUP BY order: SQLite skips
        # through the few (category, sex) values, seeking the organisations and the period
        # under each, and never sorts (at 100,000 cases 18 ms a table instead of 90; it needs
        # the planner's statistics, which casework.database keeps up to date).
        *(Index(f"ix_report_case_fact_by_{name}", name, "sex", "organisation_id", "created_at")
          for name in SINGLE_COLUMNS),
        *(Index(f"ix_report_case_fact_by_{name}", "sex", "organisation_id", "created_at", name)
          for name in MULTI_COLUMNS),
        # PostgreSQL's one GROUPING SETS scan, the months, a small organisation's report.
        Index("ix_report_case_fact_org_time", "organisation_id", "created_at", "sex"),
        Index("ix_report_case_fact_org_case", "organisation_id", "case_id"),
        Index("ix_report_case_fact_district", "district_code"),
        Index("ix_report_case_fact_regency", "regency_code"),
    )

    # No foreign key: a case purged elsewhere must never be held back by its statistics row
    # (the purge's flush removes the row through the same event).
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    sex: Mapped[str | None] = mapped_column(String(8))
    age_band: Mapped[str | None] = mapped_column(String(8))
    disability: Mapped[str | None] = mapped_column(String(16))
    education: Mapped[str | None] = mapped_column(String(16))
    occupation: Mapped[str | None] = mapped_column(String(24))
    marital_status: Mapped[str | None] = mapped_column(String(16))
    province_code: Mapped[str | None] = mapped_column(String(2))
    regency_code: Mapped[str | None] = mapped_column(String(4))
    district_code: Mapped[str | None] = mapped_column(String(6))
    gbv_type: Mapped[str | None] = mapped_column(String(24))
    place: Mapped[str | None] = mapped_column(String(24))
    perpetrator_relationship: Mapped[str | None] = mapped_column(String(24))
    # Multi-select codes of every incident of the case, as ",physical,sexual," for LIKE.
    forms: Mapped[str] = mapped_column(String(200), default=",")
    tpks_crimes: Mapped[str] = mapped_column(String(300), default=",")
    statistics_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # How the case came in (walk-in, hotline, ...), the case's own plain column.
    intake_channel: Mapped[str | None] = mapped_column(String(16))


class ServiceFact(db.Model):
    """A service given, with its case's organisation and region, for the services table."""

    __tablename__ = "report_service_fact"
    __table_args__ = (
        Index("ix_report_service_fact_org_day", "organisation_id", "delivered_on",
              "service_type", "outcome"),
        Index("ix_report_service_fact_case", "case_id"),
    )

    service_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    delivered_on: Mapped[date] = mapped_column(Date)
    service_type: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))
    province_code: Mapped[str | None] = mapped_column(String(2))
    regency_code: Mapped[str | None] = mapped_column(String(4))
    district_code: Mapped[str | None] = mapped_column(String(6))
