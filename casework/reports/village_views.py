"""The village data pilah page and its CSV, on the reports blueprint."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_babel import get_timezone

from casework.accounts.access import current_staff, organisation_scope, roles
from casework.audit.operations import record
from casework.i18n import local_today
from casework.reports import exports, village
from casework.reports.filters import FilterError, default_period
from casework.reports.views import bp


def _read() -> tuple[village.VillageFilter | None, str | None]:
    """The place and period asked for, or the reason they cannot be used."""
    try:
        return village.read_village_filter(request.args, organisation_scope(current_staff()),
                                           get_timezone()), None
    except FilterError as problem:
        return None, str(problem)


@bp.get("/reports/village/")
@roles("supervisor")
def village_page():
    """Data pilah of one village or district for a planning meeting, printable on one A4 page."""
    served = village.served_villages(organisation_scope(current_staff()))
    # The form starts on the period a running annual report covers, as the reports page does.
    first, today = default_period(local_today())
    context = {"args": request.args, "served": served, "default_start": first.isoformat(),
               "default_end": today.isoformat()}
    if not request.args:
        record("view", object_type="village_report", outcome="ok")  # lists served villages
        return render_template("reports/village.html", **context)
    chosen, problem = _read()
    if chosen is None:
        record("view", object_type="village_report", outcome="refused")
        return render_template("reports/village.html", problem=problem, **context), 400
    tables = village.village_tables(chosen)
    record("view", object_type="village_report", outcome="ok")
    return render_template("reports/village.html", chosen=chosen, title=village.title(chosen),
                           tables=tables, organisations=village.organisation_names(chosen),
                           **context)


@bp.get("/reports/village/data-pilah.csv")
@roles("supervisor")
def village_export():
    """The same tables as CSV, under the same title."""
    chosen, _problem = _read()
    if chosen is None:
        record("export", object_type="village_report", outcome="refused")
        # The page says what is wrong with the place or period, with the input kept.
        return redirect(url_for("reports.village_page", **request.args))
    tables = village.village_tables(chosen)
    heading = exports.to_csv([village.title(chosen)],
                             [["; ".join(village.organisation_names(chosen))], []])
    text = heading + exports.tables_csv(tables).lstrip("\ufeff")
    record("export", object_type="village_report", outcome="ok")
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="data-pilah-{chosen.region.code}-'
                               f'{chosen.start}-{chosen.end}.csv"'})
