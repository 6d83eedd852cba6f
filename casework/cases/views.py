"""Case pages: my cases, new case, the case, edit, notes and closing."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from casework.accommodation.operations import needs_form_data
from casework.accounts.access import CASE_ROLES, CASEWORKER, current_staff, roles
from casework.audit.operations import record
from casework.cases import categories
from casework.cases.access import (
    load_case,
    load_listed_cases,
    newest_visible_cases,
    record_case_view,
)
from casework.cases.closure import approval_grounds, close_case, pending_request
from casework.cases.errors import CaseClosed, ClosurePending, StaleEdit
from casework.cases.forms import CaseEditForm, CaseIntakeForm, CloseForm, NoteForm
from casework.cases.models import INCIDENT_FIELDS, SURVIVOR_FIELDS, Case
from casework.cases.operations import (
    add_note,
    case_notes,
    count_notes,
    register_case,
    update_case,
)
from casework.cases.panels import case_panels
from casework.extensions import db
from casework.navigation import add_nav
from casework.pagination import paginate, paginate_newest
from casework.submissions.views import earlier_answer, saved_answer

bp = Blueprint("cases", __name__, url_prefix="/cases", template_folder="templates")
# The case page shows this many of the newest notes; the notes page holds them all.
PAGE_NOTES = 10
add_nav(lambda: _("Cases"), "cases.index", CASE_ROLES, order=10)


@bp.context_processor
def _categories() -> dict:
    """Category lists and the label helper for the templates."""
    return {"cat": categories, "case_panels": case_panels}


@bp.get("/")
@roles(*CASE_ROLES)
def index():
    """My cases: reference, initials and categories, newest first, a page at a time."""
    user = current_staff()
    status = request.args.get("status", "")
    status = status if status in categories.CASE_STATUSES else ""
    page = paginate_newest(lambda wanted: newest_visible_cases(user, status or None, wanted))
    page.items = load_listed_cases(page.items)
    record("list", object_type="case", outcome="ok")
    return render_template("cases/index.html", page=page, status=status,
                           **_work_waiting(user, page.items))


def _work_waiting(user, cases: list[Case]) -> dict:
    """What the list shows above the cases: overdue work, assignment news, per-case counts."""
    from casework.cases.assignment import assignment_notices
    from casework.plans.queries import due_count, overdue_by_case

    notices = list(db.session.scalars(assignment_notices(user).limit(10)))
    return {"due_total": due_count(user) if user.works_cases else 0, "notices": notices,
            "overdue": overdue_by_case([case.id for case in cases])}


@bp.route("/new", methods=["GET", "POST"])
@roles(CASEWORKER)
def new():
    """Register a survivor's case, consent first."""
    earlier = earlier_answer()
    if earlier:
        return earlier
    channel = categories.default_intake_channel(current_staff().organisation.kind)
    form = CaseIntakeForm(data={"intake_channel": channel})
    if form.validate_on_submit():
        from casework.search.duplicates import find_duplicates

        user = current_staff()
        if not request.form.get("register_anyway"):
            found = find_duplicates(user, form.nik.data, [form.phone.data, form.safe_phone.data])
            if found.found:
                return render_template("cases/new.html", form=form, duplicates=found)
        case = register_case(form.data, user.organisation_id, user)
        flash(_("Case %(ref)s recorded.", ref=case.reference), "success")
        return saved_answer(url_for("cases.show", reference=case.reference))
    if form.errors:
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
    return render_template("cases/new.html", form=form)


@bp.get("/<reference>")
@roles(*CASE_ROLES)
def show(reference: str):
    """The case page."""
    case = load_case(reference, need="view")
    record_case_view(case)
    return _case_page(case, NoteForm(), 200)


def _case_page(case: Case, note_form: NoteForm, status: int):
    """The case page with its latest notes (a long-running case's others are a page away)."""
    notes = list(db.session.scalars(case_notes(case).limit(PAGE_NOTES)))
    return render_template("cases/show.html", case=case, note_form=note_form,
                           notes=notes,
                           notes_total=count_notes(case) if len(notes) == PAGE_NOTES else None
                           ), status


def _edit_form_data(case: Case) -> dict:
    """The current values of a case as the edit form expects them."""
    survivor, incident = case.survivor, case.incident
    data = {name: getattr(survivor, name) for name in SURVIVOR_FIELDS}
    data.update({name: getattr(incident, name) for name in INCIDENT_FIELDS})
    data.update(forms=incident.forms, tpks_crimes=incident.tpks_crimes)
    data.update(intake_channel=case.intake_channel)
    data.update(needs_form_data(case))
    data.update(version=case.version)
    return data


@bp.route("/<reference>/edit", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def edit(reference: str):
    """Edit the survivor and incident; a stale save is refused and the input kept."""
    case = load_case(reference, need="edit")
    if request.method == "GET":
        form = CaseEditForm(data=_edit_form_data(case))
        record_case_view(case)
        return render_template("cases/edit.html", form=form, case=case)
    form = CaseEditForm()
    if form.validate_on_submit():
        try:
            update_case(case, form.data, form.version.data)
        except StaleEdit:
            db.session.rollback()
            flash(_("Someone else saved this case after you opened it. Your changes are "
                    "still below: check the case, then save again."), "error")
            form.version.data = load_case(reference, need="edit").version
            return render_template("cases/edit.html", form=form, case=case, stale=True), 409
        except CaseClosed:
            flash(_("This case is closed and cannot be edited."), "error")
            return redirect(url_for("cases.show", reference=reference))
        flash(_("Changes saved."), "success")
        return redirect(url_for("cases.show", reference=reference))
    flash(_("Some answers need attention; nothing you typed was lost."), "error")
    return render_template("cases/edit.html", form=form, case=case), 422


@bp.route("/<reference>/notes", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def note(reference: str):
    """Every note of the case, newest first, a page at a time; or add one."""
    if request.method == "GET":
        case = load_case(reference, need="view")
        record("list", object_type="note", object_id=case.id, case_ref=case.reference)
        return render_template("cases/notes.html", case=case, page=paginate(case_notes(case)))
    case = load_case(reference, need="edit")
    earlier = earlier_answer()
    if earlier:
        return earlier
    form = NoteForm()
    if not form.validate_on_submit():
        flash(_("A note cannot be empty or longer than 20,000 characters."), "error")
        return _case_page(case, form, 422)
    try:
        add_note(case, form.body.data, current_staff())
    except CaseClosed:
        flash(_("This case is closed; reopen it to add notes."), "error")
        return redirect(url_for("cases.show", reference=reference))
    flash(_("Note added."), "success")
    return saved_answer(url_for("cases.show", reference=reference, _anchor="notes"))


@bp.route("/<reference>/close", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def close(reference: str):
    """Close the case with a reason and a final note, or ask a supervisor to approve it."""
    case = load_case(reference, need="edit")
    form = CloseForm(data={"version": case.version} if request.method == "GET" else None)
    if form.validate_on_submit():
        return _close_submitted(case, form)
    if request.method == "GET":
        record_case_view(case)
    else:
        flash(_("Choose a reason and write a final note; nothing you typed was lost."), "error")
    return _close_page(case, form, 422 if form.errors else 200)


def _close_page(case: Case, form: CloseForm, status: int):
    """The closing form, with what the user typed."""
    return render_template("cases/close.html", form=form, case=case,
                           grounds=approval_grounds(case), pending=pending_request(case)), status


def _close_submitted(case: Case, form: CloseForm):
    """Carry out a valid closing form and say what happened."""
    show = url_for("cases.show", reference=case.reference)
    try:
        asked = close_case(case, form.reason.data, form.note.data, form.version.data,
                           current_staff())
    except StaleEdit:
        db.session.rollback()
        flash(_("Someone else saved this case after you opened it. Your reason and note are "
                "still below: check the case, then close it again."), "error")
        case = load_case(case.reference, need="edit")
        form.version.data = case.version
        return _close_page(case, form, 409)
    except CaseClosed:
        flash(_("This case is already closed."), "error")
        return redirect(show)
    except ClosurePending:
        flash(_("A request to close this case already waits for a supervisor."), "error")
        return redirect(show)
    if asked is not None:
        flash(_("This case needs a supervisor's approval to close; your request was sent."),
              "success")
    else:
        flash(_("Case closed."), "success")
    return redirect(show)


# The closing, reopening and assignment pages register themselves on this blueprint.
from casework.cases import workflow_views  # noqa: E402,F401
from casework.cases.break_glass import register_views as _register_break_glass  # noqa: E402

_register_break_glass(bp)  # the supervisor's reason form for an unassigned case
