"""The GROUP BY queries behind the report: plain category columns only, nothing decrypted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, Interval, Numeric, cast, func, literal, select

from casework.cases.models import Case, Incident, IncidentCategory, ServiceRecord, Survivor
from casework.extensions import db
from casework.referrals.models import Referral
from casework.reports.filters import ReportFilter
from casework.reports.tables import Counts


def month_of(column, offset_minutes: int) -> ColumnElement:
    """YYYY-MM of a UTC timestamp in local time, in the database's own dialect."""
    if db.session.get_bind().dialect.name == "postgresql":
        shift = literal(timedelta(minutes=offset_minutes), Interval())
        return func.to_char(column + shift, "YYYY-MM")
    return func.strftime("%Y-%m", column, f"{offset_minutes:+d} minutes")


def _cases(report: ReportFilter, *columns) -> object:
    """SELECT columns FROM the report's cases joined to their survivors."""
    return (
        select(*columns)
        .select_from(Case)
        .join(Survivor, Survivor.case_id == Case.id)
        .where(*report.case_conditions(), *report.period_conditions())
    )


def _counts(query) -> Counts:
    """Run a (row, column, count) query into a mapping."""
    return {(row, column): count for row, column, count in db.session.execute(query)}


def by_survivor(report: ReportFilter, column) -> Counts:
    """Cases by a survivor category and sex (one survivor per case)."""
    query = _cases(report, column, Survivor.sex, func.count(Case.id))
    return _counts(query.group_by(column, Survivor.sex))


def by_month(report: ReportFilter) -> Counts:
    """Cases by the month they were reported, and sex."""
    month = month_of(Case.created_at, report.utc_offset_minutes)
    query = _cases(report, month, Survivor.sex, func.count(Case.id))
    return _counts(query.group_by(month, Survivor.sex))


def by_incident(report: ReportFilter, column) -> Counts:
    """Cases by an incident category and sex; a case with two incidents counts once per value."""
    query = _cases(report, column, Survivor.sex, func.count(func.distinct(Case.id)))
    query = query.join(Incident, Incident.case_id == Case.id)
    return _counts(query.group_by(column, Survivor.sex))


def by_multi_select(report: ReportFilter, kind: str) -> Counts:
    """Cases by each selected code of a multi-select list ('form' or 'tpks') and sex."""
    code = IncidentCategory.code
    query = _cases(report, code, Survivor.sex, func.count(func.distinct(Case.id)))
    query = (
        query.join(Incident, Incident.case_id == Case.id)
        .join(IncidentCategory, IncidentCategory.incident_id == Incident.id)
        .where(IncidentCategory.kind == kind)
    )
    return _counts(query.group_by(code, Survivor.sex))


def services_by_type(report: ReportFilter) -> Counts:
    """Services delivered within the period to the report's cases, by type and outcome."""
    query = (
        select(ServiceRecord.service_type, ServiceRecord.outcome, func.count(ServiceRecord.id))
        .select_from(ServiceRecord)
        .join(Case, Case.id == ServiceRecord.case_id)
        .join(Survivor, Survivor.case_id == Case.id)
        .where(
            *report.case_conditions(),
            ServiceRecord.delivered_on >= report.start,
            ServiceRecord.delivered_on <= report.end,
        )
    )
    return _counts(query.group_by(ServiceRecord.service_type, ServiceRecord.outcome))


def case_total(report: ReportFilter) -> int:
    """How many cases the report covers."""
    return db.session.scalar(_cases(report, func.count(Case.id))) or 0


def days_between(later, earlier) -> ColumnElement:
    """Days from one timestamp to another, to a tenth of a day, in the database's dialect."""
    if db.session.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", later - earlier)
    else:
        seconds = (func.julianday(later) - func.julianday(earlier)) * 86400
    return func.round(cast(seconds / 86400.0, Numeric(12, 4)), 1)


def _referrals(report: ReportFilter, *columns) -> object:
    """SELECT columns FROM referrals of the report's cases sent within the period."""
    return (
        select(*columns)
        .select_from(Referral)
        .join(Case, Case.id == Referral.case_id)
        .join(Survivor, Survivor.case_id == Case.id)
        .where(
            *report.case_conditions(),
            Referral.sent_at >= report.start_at,
            Referral.sent_at < report.end_before,
        )
    )


def referrals_by_unit(report: ReportFilter) -> Counts:
    """Referrals sent within the period by receiving unit and current status."""
    query = _referrals(report, Referral.to_org_id, Referral.status, func.count(Referral.id))
    rows = db.session.execute(query.group_by(Referral.to_org_id, Referral.status))
    return {(str(unit), status): count for unit, status, count in rows}


def referral_day_histogram(report: ReportFilter, later, only_status: str | None = None
                           ) -> dict[str, dict[float, int]]:
    """Per unit, how many referrals took how many days (to a tenth) from sending to `later`."""
    days = days_between(later, Referral.sent_at)
    query = _referrals(report, Referral.to_org_id, days, func.count(Referral.id))
    query = query.where(later.is_not(None))
    if only_status:
        query = query.where(Referral.status == only_status)
    histogram: dict[str, dict[float, int]] = {}
    for unit, day, count in db.session.execute(query.group_by(Referral.to_org_id, days)):
        histogram.setdefault(str(unit), {})[float(day)] = count
    return histogram


def median_of(histogram: dict[float, int]) -> float | None:
    """The median of values given as value -> how many times it occurs."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())
    return (_nth(ordered, (total - 1) // 2) + _nth(ordered, total // 2)) / 2


def _nth(ordered: list[tuple[float, int]], index: int) -> float:
    """The index-th value (from 0) of a sorted histogram."""
    seen = 0
    for value, count in ordered:
        seen += count
        if index < seen:
            return value
    return ordered[-1][0]
