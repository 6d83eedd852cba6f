"""The whole report: every disaggregated table for one filter, suppressed where it must be."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select

from casework.accounts.models import Organisation
from casework.cases import categories as cat
from casework.extensions import db
from casework.legal import categories as legal_cat
from casework.legal.statistics import legal_counts
from casework.referrals.models import REFERRAL_STATUSES
from casework.reports import queries
from casework.reports.filters import ReportFilter
from casework.reports.models import CaseFact
from casework.reports.tables import (
    SEX_TABLE,
    Counts,
    ReportTable,
    build_table,
    suppress_alike,
)


@dataclass(frozen=True)
class TableSpec:
    """One table of cases by sex: its key, title, row labels, and the column it groups by
    (a multi-select list is counted once per code)."""

    key: str
    title: Callable[[], str]
    rows: Callable[[], dict]
    column: ColumnElement | None
    multi: bool = False
    all_rows: bool = True
    note: Callable[[], str] = lambda: ""
    # A table counted its own way rather than grouped by a column.
    count: Callable[[ReportFilter], Counts] | None = None


def _multi_note() -> str:
    """Why a multi-select table adds up to more than the number of cases."""
    return _("A case may count under several categories, so the totals count mentions.")


CASE_TABLES = (
    TableSpec("intake_channel", lambda: _("How the case came in"), lambda: cat.INTAKE_CHANNELS,
              CaseFact.intake_channel),
    TableSpec("forms", lambda: _("Form of violence"), lambda: cat.VIOLENCE_FORMS,
              CaseFact.forms, multi=True, note=_multi_note),
    TableSpec("gbv_type", lambda: _("GBVIMS type of violence"), lambda: cat.GBV_TYPES,
              CaseFact.gbv_type),
    TableSpec("tpks", lambda: _("Sexual-violence crime (UU TPKS)"), lambda: cat.TPKS_CRIMES,
              CaseFact.tpks_crimes, multi=True, note=_multi_note),
    TableSpec("place", lambda: _("Place of incident"), lambda: cat.PLACES,
              CaseFact.place),
    TableSpec("relationship", lambda: _("Perpetrator's relationship to the survivor"),
              lambda: cat.RELATIONSHIPS, CaseFact.perpetrator_relationship),
    TableSpec("age_band", lambda: _("Age at report"), lambda: cat.AGE_BANDS,
              CaseFact.age_band),
    TableSpec("disability", lambda: _("Disability"), lambda: cat.DISABILITIES,
              CaseFact.disability),
    TableSpec("education", lambda: _("Education"), lambda: cat.EDUCATION,
              CaseFact.education),
    TableSpec("occupation", lambda: _("Occupation"), lambda: cat.OCCUPATIONS,
              CaseFact.occupation),
    TableSpec("marital_status", lambda: _("Marital status"), lambda: cat.MARITAL_STATUSES,
              CaseFact.marital_status),
    TableSpec("district", lambda: _("District (kecamatan)"), dict,
              CaseFact.district_code, all_rows=False),
    TableSpec("month", lambda: _("Month of report"), dict, None, all_rows=False,
              count=queries.by_month),
    TableSpec("legal", lambda: _("Legal process and protection"), lambda: legal_cat.MILESTONES,
              None, note=lambda: _("Cases reported in the period that have reached each step "
                                   "so far; a case may count in several rows."),
              count=legal_counts),
)


def small_cell_threshold() -> int:
    """The configured threshold at and below which a count is hidden."""
    return int(current_app.config.get("SMALL_CELL_THRESHOLD", 5))


def case_counts(report: ReportFilter) -> dict[str, Counts]:
    """The counts of every case table, and of survivors by sex ("sex")."""
    grouped = [spec for spec in CASE_TABLES if spec.column is not None]
    singles = {spec.key: spec.column for spec in grouped if not spec.multi}
    multis = {spec.key: (spec.column, list(spec.rows()))
              for spec in grouped if spec.multi}
    counts = queries.case_counts(report, singles, multis)
    counts.update({spec.key: spec.count(report) for spec in CASE_TABLES if spec.count})
    return counts


def case_tables(counts: dict[str, Counts], hide_small: bool) -> list[ReportTable]:
    """The case tables, each by sex (data pilah)."""
    threshold = small_cell_threshold()
    return [
        build_table(spec.key, spec.title(), counts[spec.key], spec.rows(), cat.SEXES,
                    threshold, hide_small, spec.all_rows, spec.note())
        for spec in CASE_TABLES
    ]


def service_table(report: ReportFilter, hide_small: bool) -> ReportTable:
    """Services delivered by type and outcome."""
    return build_table("services", _("Services given, by type and outcome"),
                       queries.services_by_type(report), cat.SERVICES, cat.SERVICE_OUTCOMES,
                       small_cell_threshold(), hide_small)


def sex_table(by_sex: Counts, hide_small: bool) -> ReportTable:
    """Survivors by sex: the headline of data pilah."""
    counts = {(sex, "all"): n for (_row, sex), n in by_sex.items()}
    return build_table(SEX_TABLE, _("Survivors by sex"), counts, cat.SEXES,
                       {"all": _("Survivors")}, small_cell_threshold(), hide_small)


def all_tables(report: ReportFilter, hide_small: bool) -> list[ReportTable]:
    """Every table of the report in the order the page shows them."""
    counts = case_counts(report)
    # Laid out unsuppressed, then suppressed together: the tables by sex share their totals
    # (girls counted, say), so a total one of them must hide is hidden in all, or another
    # table would give it away.
    tables = [sex_table(counts["sex"], False), *case_tables(counts, False)]
    if hide_small:
        suppress_alike(tables)
    tables.append(service_table(report, hide_small))
    tables.append(referral_table(report, hide_small))
    if report.units:
        tables.append(referral_table(report, hide_small, received=True))
    return tables


def _unit_names(unit_ids: list[str]) -> dict[str, str]:
    """Organisation names of the receiving units (public information)."""
    if not unit_ids:
        return {}
    ids = [uuid.UUID(unit) for unit in unit_ids]
    query = select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
    rows = db.session.execute(query)
    return {str(org_id): name for org_id, name in rows}


def _format_days(days: float | None) -> str:
    """A median number of days for the table ('–' when none)."""
    return "–" if days is None else format_decimal(round(days, 1))


def referral_table(report: ReportFilter, hide_small: bool, received: bool = False
                   ) -> ReportTable:
    """Referrals by receiving unit and status, with the median days to accept and complete;
    with received, those the report's units received, by sending organisation."""
    summary = queries.referral_summary(report, received)
    counts = summary.counts
    units = sorted({unit for unit, _status in counts})
    names = _unit_names(units)
    units.sort(key=lambda unit: names.get(unit, ""))
    key, title = (("referrals_received", _("Referrals received, by sending organisation"))
                  if received else ("referrals", _("Referrals by receiving unit")))
    table = build_table(key, title,
                        {(u, s): counts.get((u, s), 0) for u in units for s in REFERRAL_STATUSES},
                        {u: names.get(u, "") for u in units}, REFERRAL_STATUSES,
                        small_cell_threshold(), hide_small, all_rows=True)
    _add_medians(table, summary, units)
    return table


def _add_medians(table: ReportTable, summary: queries.ReferralSummary, units: list[str]) -> None:
    """Median days to acceptance and to completion per unit; hidden with a hidden total."""
    accepted, completed = summary.to_accept, summary.to_complete
    last = table.grid.width - 1
    to_accept, to_complete = [], []
    for row, unit in enumerate(units):
        hidden = (row, last) in table.grid.hidden
        to_accept.append("" if hidden else _format_days(queries.median_of(accepted.get(unit, {}))))
        to_complete.append(
            "" if hidden else _format_days(queries.median_of(completed.get(unit, {}))))
    table.extra = {_("Median days to acceptance"): to_accept,
                   _("Median days to completion"): to_complete}
