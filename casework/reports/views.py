"""Pages of the reports domain: each person's home dashboard, the statistics and the exports."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.routing import BuildError

from casework.accounts.access import (
    CASE_ROLES,
    any_role,
    current_staff,
    organisation_scope,
    role_allows,
    roles,
)
from casework.accounts.models import ORGANISATION_KINDS, ROLES, Organisation, User
from casework.audit.forms import FLAG_FILTERS
from casework.audit.operations import record
from casework.cases import categories
from casework.extensions import db
from casework.navigation import add_nav

# facts is imported for its flush hook, which keeps the statistics table in step.
from casework.reports import dashboards, exports, facts, queries, simfoni  # noqa: F401
from casework.reports.charts import bar_chart
from casework.reports.filters import FilterError, ReportFilter, read_filter
from casework.reports.report import all_tables

bp = Blueprint("reports", __name__, template_folder="templates")

add_nav(lambda: _("Statistics"), "reports.index", ("supervisor",), order=80)

DASHBOARDS = {
    "paralegal": ("reports/home_paralegal.html", dashboards.paralegal_dashboard),
    "service_staff": ("reports/home_service_staff.html", dashboards.service_staff_dashboard),
    "supervisor": ("reports/home_supervisor.html", dashboards.supervisor_dashboard),
}


def maybe_url(endpoint: str, **values) -> str | None:
    """A link to another domain's page, or None while that page does not exist yet."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.context_processor
def _helpers() -> dict:
    """Category lists, the label helper and safe links for the templates."""
    return {"cat": categories, "maybe_url": maybe_url, "roles": ROLES,
            "kinds": ORGANISATION_KINDS, "flag_labels": FLAG_FILTERS}


@bp.get("/")
@any_role
def home():
    """Each person's dashboard: the work waiting for them today."""
    user = current_staff()
    if user.role == "admin":
        return render_template("reports/home_admin.html", board=dashboards.admin_dashboard())
    template, build = DASHBOARDS[user.role]
    board = build(user)
    if role_allows(user, CASE_ROLES):
        record("list", object_type="case", outcome="ok")  # the page lists case references
    return render_template(template, board=board)


def _organisations(user: User) -> list[Organisation]:
    """The organisations a supervisor may report on, by name."""
    scope = organisation_scope(user)
    query = select(Organisation).where(Organisation.id.in_(scope)).order_by(Organisation.name)
    return list(db.session.scalars(query))


def _read_report(user: User) -> tuple[ReportFilter | None, str | None]:
    """The filter asked for, or the reason it cannot be used."""
    try:
        return read_filter(request.args, organisation_scope(user), get_timezone()), None
    except FilterError as problem:
        return None, str(problem)


def hide_small_counts(user: User, report: ReportFilter) -> bool:
    """Exact counts only for the organisation that owns all the cases counted."""
    return report.organisation_ids != frozenset({user.organisation_id})


@bp.get("/reports/")
@roles("supervisor")
def index():
    """Disaggregated statistics of the supervisor's organisations, as tables and charts."""
    user = current_staff()
    report, problem = _read_report(user)
    context = {"organisations": _organisations(user), "args": request.args, "problem": problem}
    if report is None:
        record("view", object_type="report", outcome="refused")
        return render_template("reports/index.html", **context), 400
    hide = hide_small_counts(user, report)
    tables = all_tables(report, hide)
    record("view", object_type="report", outcome="ok")
    return render_template(
        "reports/index.html", report=report, tables=tables, hide_small=hide,
        charts={table.key: bar_chart(table) for table in tables},
        excluded=queries.without_statistics_consent(report), **context,
    )


def _csv_response(text: str, filename: str) -> Response:
    """A CSV download that is never cached."""
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def _export_filter() -> ReportFilter:
    """The export's filter; a bad one answers 400 (the page explains it, exports do not)."""
    report, _problem = _read_report(current_staff())
    if report is None:
        record("export", object_type="report", outcome="refused")
        abort(400)
    return report


@bp.get("/reports/export/tables.csv")
@roles("supervisor")
def export_tables():
    """The aggregate tables as CSV, always suppressed: exports leave the organisation."""
    report = _export_filter()
    text = exports.tables_csv(all_tables(report, hide_small=True))
    record("export", object_type="report_tables", outcome="ok")
    return _csv_response(text, f"statistik-{report.start}-{report.end}.csv")


@bp.get("/reports/export/simfoni.csv")
@roles("supervisor")
def export_simfoni():
    """One row per consenting victim, in the columns of the SIMFONI-PPA register."""
    report = _export_filter()
    text, _rows = simfoni.simfoni_csv(report)
    record("export", object_type="simfoni", outcome="ok")
    return _csv_response(text, f"simfoni-ppa-{report.start}-{report.end}.csv")


@bp.get("/reports/export/gbvims.csv")
@roles("supervisor")
def export_gbvims():
    """The anonymised GBVIMS-style incident list of consenting survivors."""
    report = _export_filter()
    text, _rows = exports.gbvims_csv(report)
    record("export", object_type="gbvims", outcome="ok")
    return _csv_response(text, f"gbvims-{report.start}-{report.end}.csv")


# The village data pilah page registers itself on this blueprint.
from casework.reports import village_views  # noqa: E402,F401
