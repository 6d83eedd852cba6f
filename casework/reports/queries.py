"""The GROUP BY queries behind the report: plain category columns only, nothing decrypted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    ColumnElement,
    Numeric,
    String,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    tuple_,
    union_all,
)

from casework.cases.models import ServiceRecord
from casework.database import in_slices
from casework.extensions import db
from casework.referrals.models import Referral
from casework.reports.filters import ReportFilter
from casework.reports.models import CaseFact, ServiceFact
from casework.reports.tables import Counts


def _cases(report: ReportFilter, *columns) -> object:
    """SELECT columns FROM the statistics rows of the report's cases."""
    return (
        select(*columns).select_from(CaseFact)
        .where(*report.case_conditions(), *report.period_conditions())
    )


# SQLite takes at most 500 SELECTs in one compound statement: the months go in groups.
MONTHS_PER_STATEMENT = 120


def _months(report: ReportFilter, first: date, last: date) -> list[tuple[str, datetime, datetime]]:
    """The local calendar months from first to last, each with its bounds inside the period."""
    months, month = [], first.replace(day=1)
    while month <= last:
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        start = max(datetime.combine(month, time.min, tzinfo=report.zone), report.start_at)
        end = min(datetime.combine(following, time.min, tzinfo=report.zone), report.end_before)
        months.append((month.strftime("%Y-%m"), start, end))
        month = following
    return months


def _months_to_count(report: ReportFilter) -> list[tuple[str, datetime, datetime]]:
    """The period's months; of a period longer than one statement takes, only those from its
    first case to its last (one more read, needed only then)."""
    months = _months(report, report.start, report.end)
    if len(months) <= MONTHS_PER_STATEMENT:
        return months
    first, last = db.session.execute(
        _cases(report, func.min(CaseFact.created_at), func.max(CaseFact.created_at))).one()
    if first is None:
        return []
    return _months(report, first.astimezone(report.zone).date(),
                   last.astimezone(report.zone).date())


def _month_count(report: ReportFilter, name: str, start: datetime, end: datetime):
    """Cases of one month by sex, as (month, sex, count) rows."""
    return (
        select(literal(name, String), CaseFact.sex, func.count()).select_from(CaseFact)
        .where(*report.case_conditions(), CaseFact.created_at >= start, CaseFact.created_at < end)
        .group_by(CaseFact.sex)
    )


def by_month(report: ReportFilter) -> Counts:
    """Cases by the local month they were reported in, and sex: one range count per month,
    each a seek in an index's time order (grouping by a computed month sorted every row)."""
    months = _months_to_count(report)
    counts: Counts = {}
    for group in in_slices(months, MONTHS_PER_STATEMENT):
        counts.update(_counts(union_all(*(_month_count(report, *month) for month in group))))
    return counts


def _counts(query) -> Counts:
    """Run a (row, column, count) query into a mapping."""
    return {(row, column): count for row, column, count in db.session.execute(query)}


def by_category(report: ReportFilter, column) -> Counts:
    """Cases by one plain category of the case (survivor or intake incident) and sex."""
    query = _cases(report, column, CaseFact.sex, func.count())
    return _counts(query.group_by(column, CaseFact.sex))


def _mentions(column, code: str) -> ColumnElement:
    """Whether a ",a,b," list holds the code: instr on SQLite (a fifth faster than LIKE)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.instr(column, code) > 0
    return column.contains(code)


def by_multi_select(report: ReportFilter, column, codes: list[str]) -> Counts:
    """Cases mentioning each code of a multi-select list, by sex: one scan for every code."""
    sums = [func.sum(case((_mentions(column, f",{code},"), 1), else_=0)) for code in codes]
    rows = db.session.execute(_cases(report, CaseFact.sex, *sums).group_by(CaseFact.sex))
    counts: Counts = {}
    for sex, *values in rows:
        for code, value in zip(codes, values, strict=True):
            counts[(code, sex)] = int(value or 0)
    return counts


def _grouping_sets_counts(report: ReportFilter, singles: dict[str, ColumnElement]
                          ) -> dict[str, Counts]:
    """PostgreSQL: cases by sex and each single category from one scan (GROUPING SETS)."""
    keys = list(singles)
    width = len(keys)
    sets = [tuple_(CaseFact.sex, singles[key]) for key in keys]
    query = _cases(report, CaseFact.sex, *(singles[key] for key in keys),
                   func.grouping(*(singles[key] for key in keys)), func.count())
    found: dict[str, Counts] = {key: {} for key in keys}
    for row in db.session.execute(query.group_by(func.grouping_sets(*sets))):
        sex, values, mask, count = row[0], row[1:width + 1], row[width + 1], row[width + 2]
        index = next(i for i in range(width) if not mask & (1 << (width - 1 - i)))
        found[keys[index]][(values[index], sex)] = count
    return found


def _survivors_by_sex(by_category: Counts) -> Counts:
    """Cases by sex, summed from any single-category table (each case is in one of its rows,
    "not recorded" included), so no scan of its own."""
    totals: Counts = {}
    for (_row, sex), count in by_category.items():
        totals[(sex, sex)] = totals.get((sex, sex), 0) + count
    return totals


def case_counts(report: ReportFilter, singles: dict[str, ColumnElement],
                multis: dict[str, tuple[ColumnElement, list[str]]]) -> dict[str, Counts]:
    """Cases by sex and by each single category, and by each multi-select list,
    keyed like the arguments, plus "sex" alone. PostgreSQL counts the single categories in
    one scan; SQLite, which has no GROUPING SETS, in one scan per table."""
    if db.session.get_bind().dialect.name == "postgresql":
        found = _grouping_sets_counts(report, singles)
    else:
        found = {key: by_category(report, column) for key, column in singles.items()}
    found["sex"] = _survivors_by_sex(next(iter(found.values()), {}))
    found.update({key: by_multi_select(report, column, codes)
                  for key, (column, codes) in multis.items()})
    return found


def services_by_type(report: ReportFilter) -> Counts:
    """Services delivered within the period to the report's cases, by type and outcome, and
    those a unit of the report gave under referrals to other organisations' cases."""
    region = report.region_condition(ServiceFact)
    whose = ServiceFact.organisation_id.in_(report.organisation_ids)
    if report.units:
        given = select(ServiceRecord.id).where(ServiceRecord.provider_org_id.in_(report.units))
        whose = or_(whose, ServiceFact.service_id.in_(given))
    query = (
        select(ServiceFact.service_type, ServiceFact.outcome, func.count())
        .where(
            whose,
            ServiceFact.delivered_on >= report.start,
            ServiceFact.delivered_on <= report.end,
            *region,
        )
    )
    return _counts(query.group_by(ServiceFact.service_type, ServiceFact.outcome))


def without_statistics_consent(report: ReportFilter) -> int:
    """Cases of the report whose survivor did not agree to be counted individually."""
    # Grouped, so that SQLite reads the consent index in order; "= false" alone it misjudged
    # and answered from the table (200 ms instead of 15 at 100,000 cases).
    query = _cases(report, CaseFact.statistics_consent, func.count())
    counts = dict(db.session.execute(query.group_by(CaseFact.statistics_consent)).all())
    return counts.get(False, 0)


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
        .where(
            # The sender is the organisation holding the case: no join needed unless a
            # region narrows the cases.
            Referral.from_org_id.in_(report.organisation_ids),
            *([Referral.case_id.in_(report.case_ids())] if report.region else []),
            Referral.sent_at >= report.start_at,
            Referral.sent_at < report.end_before,
        )
    )


@dataclass
class ReferralSummary:
    """Referrals by unit and status, and per unit how many took how many days."""

    counts: Counts = field(default_factory=dict)
    to_accept: dict[str, dict[float, int]] = field(default_factory=dict)
    to_complete: dict[str, dict[float, int]] = field(default_factory=dict)


def _received(report: ReportFilter, *columns) -> object:
    """SELECT columns FROM referrals sent to the report's units within the period (any
    sender's: the unit's own work, counted without the cases' categories)."""
    return select(*columns).select_from(Referral).where(
        Referral.to_org_id.in_(report.units), Referral.sent_at >= report.start_at,
        Referral.sent_at < report.end_before)


def referral_summary(report: ReportFilter, received: bool = False) -> ReferralSummary:
    """Referrals sent in the period: by unit and status, and per unit how many took how many
    days to be accepted and to be completed (three small GROUP BYs from one covering index;
    grouping by all four at once made a group of nearly every referral). With received, the
    referrals the report's units received, by sending organisation instead."""
    summary = ReferralSummary()
    select_from, other = (_received, Referral.from_org_id) if received else (
        _referrals, Referral.to_org_id)
    by_status = select_from(report, other, Referral.status, func.count())
    for unit, status, count in db.session.execute(by_status.group_by(other, Referral.status)):
        summary.counts[(str(unit), status)] = count
    for histogram, reached, conditions in (
            (summary.to_accept, Referral.accepted_at, []),
            (summary.to_complete, Referral.ended_at, [Referral.status == "completed"])):
        days = days_between(reached, Referral.sent_at)
        query = select_from(report, other, days, func.count()).where(
            reached.is_not(None), *conditions)
        for unit, value, count in db.session.execute(query.group_by(other, days)):
            bucket = histogram.setdefault(str(unit), {})
            bucket[float(value)] = bucket.get(float(value), 0) + count
    return summary


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
