"""The access log for supervisors, each case's access history, and the log's CSV export."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime, time, timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import Select, select

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.accounts.models import User
from casework.audit.access import entries_in_scope, load_person, staff_of_scope
from casework.audit.acknowledgement import AcknowledgementRefused, acknowledgements
from casework.audit.acknowledgement import acknowledge as acknowledge_range
from casework.audit.forms import (
    FLAG_FILTERS,
    OBJECT_TYPES,
    REASON_MAX,
    REASON_MIN,
    AcknowledgeRangeForm,
    AuditFilterForm,
)
from casework.audit.models import AuditEntry
from casework.audit.operations import record
from casework.audit.review import (
    ATTENTION,
    LogLine,
    annotate,
    attention_counts,
    newest_first,
    review_zone,
    setting,
)
from casework.cases.access import load_case
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.extensions import db
from casework.navigation import add_nav
from casework.pagination import paginate
from casework.referrals.models import Referral

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")
add_nav(lambda: _("Access log"), "audit.index", ("supervisor",), order=70)

PANEL_ENTRIES = 10
EXPORT_BATCH = 1000
CSV_HEADER = ("seq", "time_utc", "person", "display_name", "organisation", "action", "object_type",
              "object_id", "case_ref", "outcome", "flags", "request_id", "ip")


@bp.context_processor
def _labels() -> dict:
    """Object-type labels for the log's templates."""
    return {"object_label": lambda code: str(OBJECT_TYPES.get(code, code))}


def _local_day_start(day: date) -> datetime:
    """Midnight of a local calendar day, as an aware moment."""
    return datetime.combine(day, time.min, tzinfo=review_zone())


def _case_reference(text: str) -> str:
    """A reference typed with or without its hyphen, as stored (K7QX-2M9P)."""
    return text if "-" in text else f"{text[:4]}-{text[4:]}"


def apply_filters(query: Select, form: AuditFilterForm) -> Select:
    """Narrow the log by the validated filters."""
    if form.person.data:
        query = query.where(AuditEntry.actor_id == form.person_id())
    if form.case.data:
        query = query.where(AuditEntry.case_ref == _case_reference(form.case.data))
    if form.action.data:
        query = query.where(AuditEntry.action == form.action.data)
    if form.outcome.data:
        query = query.where(AuditEntry.outcome == form.outcome.data)
    if form.date_from.data:
        query = query.where(AuditEntry.created_at >= _local_day_start(form.date_from.data))
    if form.date_to.data:
        query = query.where(AuditEntry.created_at < _local_day_start(form.date_to.data + timedelta(days=1)))
    return _apply_flag(query, form.flag.data)


def _apply_flag(query: Select, flag: str) -> Select:
    """Keep only the entries of one attention filter."""
    keeps = ATTENTION.get(flag)
    return query.where(keeps(AuditEntry)) if keeps else query


def _filter_form(staff: list[User], person: User | None = None) -> AuditFilterForm:
    """The filter form, read from the query string and checked."""
    form = AuditFilterForm(request.args)
    form.fill_choices(staff)
    if person is not None:
        form.person.data = str(person.id)
    form.validate()
    return form


def _query_args(form: AuditFilterForm) -> dict[str, str]:
    """The filters as query-string arguments, for the pager and the export link."""
    names = ("person", "case", "action", "outcome", "flag", "date_from", "date_to")
    return {name: request.args[name] for name in names if request.args.get(name)}


def _log_page(person: User | None = None):
    """The filtered log page, or the filters' messages when they are wrong."""
    user = current_staff()
    form = _filter_form(staff_of_scope(user), person)
    scoped = entries_in_scope(user)
    page, lines = None, []
    if not form.errors:
        page = paginate(newest_first(apply_filters(scoped, form)))
        lines = annotate(page.items)
    record("list", object_type="audit_log", object_id=person.id if person else None,
           outcome="ok" if not form.errors else "failed")
    status = 422 if form.errors else 200
    return render_template(
        "audit/index.html", form=form, page=page, lines=lines, person=person,
        attention=attention_counts(scoped), attention_days=setting("AUDIT_ATTENTION_DAYS"),
        flag_filters=FLAG_FILTERS, args=_query_args(form),
        acknowledgements=acknowledgements() if person is None else [],
        acknowledge_form=AcknowledgeRangeForm(formdata=None),
    ), status


@bp.get("/")
@roles("supervisor")
def index():
    """The access log of the organisations a supervisor oversees, filtered and paginated."""
    return _log_page()


@bp.post("/acknowledgements")
@roles("supervisor")
def acknowledge():
    """Acknowledge one broken range of the log (signed, itself logged); checkpoints resume."""
    form = AcknowledgeRangeForm()
    if not form.validate():
        record("audit_acknowledge", object_type="audit_range", outcome="failed")
        flash(_("The acknowledgement needs the range's first and last entry and a reason of "
                "%(min)d to %(max)d characters.", min=REASON_MIN, max=REASON_MAX), "error")
        return redirect(url_for("audit.index", _anchor="acknowledgements"), 303)
    try:
        acknowledge_range(form.first_seq.data, form.last_seq.data, form.reason.data,
                          current_staff())
    except AcknowledgementRefused:
        record("audit_acknowledge", object_type="audit_range", outcome="refused")
        flash(_("The log has no unacknowledged broken range from entry %(first)d to %(last)d: "
                "give it exactly as `casework audit verify` lists it.",
                first=form.first_seq.data, last=form.last_seq.data), "error")
        return redirect(url_for("audit.index", _anchor="acknowledgements"), 303)
    flash(_("Range %(first)d to %(last)d acknowledged; audit checkpoints go on past it.",
            first=form.first_seq.data, last=form.last_seq.data), "success")
    return redirect(url_for("audit.index", _anchor="acknowledgements"), 303)


@bp.get("/people/<uuid:person_id>")
@roles("supervisor")
def person(person_id: uuid.UUID):
    """One member of staff's history (only staff the supervisor oversees)."""
    return _log_page(load_person(current_staff(), person_id))


def case_access_query(case: Case) -> Select:
    """Every entry about this case, whoever wrote it."""
    return newest_first(select(AuditEntry).where(AuditEntry.case_ref == case.reference))


@bp.get("/cases/<reference>")
@roles(*CASE_ROLES)
def case_history(reference: str):
    """Who opened or changed this case, when: for the staff who hold it. Never its data."""
    case = load_case(reference, need="view")
    page = paginate(case_access_query(case))
    lines = annotate(page.items, with_reasons=current_staff().role == "supervisor")
    record("view", object_type="access_history", object_id=case.id, case_ref=case.reference)
    return render_template("audit/case_history.html", case=case, page=page, lines=lines)


def case_access_panel(case: Case) -> dict:
    """The case page's panel: the latest entries of the case's access history."""
    entries = list(db.session.scalars(case_access_query(case).limit(PANEL_ENTRIES)))
    return {"lines": annotate(entries, with_reasons=False, with_patterns=False), "case": case}


add_case_panel("audit/_case_access.html", order=95, context=case_access_panel)


def referral_access_query(referral: Referral) -> Select:
    """Every entry about this referral (each names its case too, which the index serves)."""
    return newest_first(select(AuditEntry).where(
        AuditEntry.case_ref == referral.case.reference, AuditEntry.object_type == "referral",
        AuditEntry.object_id == referral.id))


def referral_access_lines(referral: Referral) -> list[LogLine]:
    """The unit's page: the latest entries of who opened or acted on this referral."""
    entries = list(db.session.scalars(referral_access_query(referral).limit(PANEL_ENTRIES)))
    return annotate(entries, with_reasons=False, with_patterns=False)


def _spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_rows(query: Select, limit: int):
    """The filtered entries as CSV rows, newest first, read in batches by sequence number."""
    written, last = 0, None
    while written < limit:
        batch = query if last is None else query.where(AuditEntry.seq < last)
        batch = batch.order_by(AuditEntry.seq.desc()).limit(min(EXPORT_BATCH, limit - written))
        entries = list(db.session.scalars(batch))
        if not entries:
            return
        for line in annotate(entries, with_reasons=False):
            yield _csv_row(line)
        written, last = written + len(entries), entries[-1].seq


def _csv_row(line) -> tuple:
    """One entry as a CSV row: ids, names of staff, codes; never a survivor's value."""
    entry = line.entry
    return (entry.seq, entry.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            line.actor.username if line.actor else "",
            line.actor_name if line.actor or entry.os_actor else "",
            line.organisation.code if line.organisation else "", entry.action,
            entry.object_type, entry.object_id, entry.case_ref, entry.outcome,
            ",".join(line.flags), entry.request_id, entry.ip)


@bp.get("/export.csv")
@roles("supervisor")
def export():
    """The filtered log as CSV (UTC times, no reasons, no survivor data); the export is logged."""
    user = current_staff()
    form = _filter_form(staff_of_scope(user))
    if form.errors:
        abort(422)
    query = apply_filters(entries_in_scope(user), form)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in _csv_rows(query, current_app.config.get("AUDIT_EXPORT_MAX_ROWS", 100_000)):
        writer.writerow([_spreadsheet_safe(value) for value in row])
    record("export", object_type="audit_log")
    stamp = datetime.now(review_zone()).strftime("%Y%m%d-%H%M")
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="access-log-{stamp}.csv"'})
