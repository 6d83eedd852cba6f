"""The case page's perpetrators: the list, and adding, editing and removing one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.audit.operations import record
from casework.cases import categories
from casework.cases.access import load_case, record_case_view
from casework.cases.errors import CaseClosed, StaleEdit
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.extensions import db
from casework.perpetrators import operations as ops
from casework.perpetrators.access import load_perpetrator
from casework.perpetrators.errors import NoIncident
from casework.perpetrators.forms import PerpetratorForm
from casework.perpetrators.models import Perpetrator
from casework.perpetrators.records import ALL_FIELDS, perpetrators_of

bp = Blueprint("perpetrators", __name__, url_prefix="/cases", template_folder="templates")
ANCHOR = "perpetrators"


@bp.context_processor
def _categories() -> dict:
    """Category lists and the label helper for the templates."""
    return {"cat": categories}


def _back(case: Case):
    """Back to the perpetrators on the case page."""
    return redirect(url_for("cases.show", reference=case.reference, _anchor=ANCHOR))


def _refused_closed(case: Case):
    """A closed case takes no changes."""
    flash(_("This case is closed; reopen it to change its perpetrators."), "error")
    return _back(case)


def _page(case: Case, form: PerpetratorForm, perpetrator: Perpetrator | None,
          status: int | None = None):
    """The perpetrator form; after a refused POST her answers stay in it."""
    if request.method == "POST" and status is None:
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        status = 422
    return render_template("perpetrators/form.html", case=case, form=form,
                           perpetrator=perpetrator), status or 200


@bp.route("/<reference>/perpetrators/new", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def new(reference: str):
    """Add a perpetrator to the case."""
    case = load_case(reference, need="edit")
    if case.is_closed:
        return _refused_closed(case)
    form = PerpetratorForm()
    if form.validate_on_submit():
        try:
            ops.add_perpetrator(case, form.data, current_staff())
        except CaseClosed:
            return _refused_closed(case)
        except NoIncident:
            flash(_("This case has no incident to add a perpetrator to."), "error")
            return _back(case)
        flash(_("Perpetrator added."), "success")
        return _back(case)
    if request.method == "GET":
        record_case_view(case)
    return _page(case, form, None)


@bp.route("/<reference>/perpetrators/<perpetrator_id>", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def edit(reference: str, perpetrator_id: str):
    """Change a perpetrator; a stale save is refused and the answers kept."""
    case = load_case(reference, need="edit")
    if case.is_closed:
        return _refused_closed(case)
    perpetrator = load_perpetrator(case, perpetrator_id)
    if request.method == "GET":
        record("view", object_type="perpetrator", object_id=perpetrator.id,
               case_ref=case.reference)
        data = {name: getattr(perpetrator, name) for name in ALL_FIELDS}
        return _page(case, PerpetratorForm(data={**data, "version": perpetrator.version}),
                     perpetrator)
    form = PerpetratorForm()
    if not form.validate_on_submit():
        return _page(case, form, perpetrator)
    try:
        ops.update_perpetrator(case, perpetrator, form.data, form.version.data, current_staff())
    except CaseClosed:
        return _refused_closed(case)
    except StaleEdit:
        return _stale(reference, perpetrator_id, form)
    flash(_("Perpetrator saved."), "success")
    return _back(case)


def _stale(reference: str, perpetrator_id: str, form: PerpetratorForm):
    """Refuse a stale edit: her answers stay, the form now carries the saved version."""
    db.session.rollback()
    flash(_("Someone else saved this perpetrator after you opened it. Your answers are still "
            "below: check them, then save again."), "error")
    case = load_case(reference, need="edit")
    perpetrator = load_perpetrator(case, perpetrator_id)
    form.version.data = perpetrator.version
    return _page(case, form, perpetrator, 409)


@bp.post("/<reference>/perpetrators/<perpetrator_id>/remove")
@roles(*CASE_ROLES)
def remove(reference: str, perpetrator_id: str):
    """Remove a perpetrator recorded by mistake."""
    case = load_case(reference, need="edit")
    if case.is_closed:
        return _refused_closed(case)
    perpetrator = load_perpetrator(case, perpetrator_id)
    try:
        ops.remove_perpetrator(case, perpetrator, request.form.get("version"), current_staff())
    except CaseClosed:
        return _refused_closed(case)
    except StaleEdit:
        db.session.rollback()
        flash(_("Someone else changed this perpetrator after you opened the page; nothing was "
                "removed. Check the case, then try again."), "error")
        return _back(case)
    flash(_("Perpetrator removed."), "success")
    return _back(case)


def _panel_context(case: Case) -> dict:
    """The case's perpetrators for its page."""
    return {"perpetrators": perpetrators_of(case)}


add_case_panel("perpetrators/_panel.html", order=3, context=_panel_context)

# The timeline lists each perpetrator added, edited or removed.
from casework.perpetrators import timeline  # noqa: E402,F401
