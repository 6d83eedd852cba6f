"""Pages that move a case through its life: approving closure, reopening, assigning."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.access import load_case, record_case_view
from casework.cases.assignment import (
    active_paralegal_assignments,
    assign_case,
    assignable_paralegals,
    assignment_history,
    unassign,
)
from casework.cases.closure import (
    closure_history,
    closure_requests,
    decide_closure,
    reopen_case,
    reopenings,
    request_of,
)
from casework.cases.errors import CaseClosed, NotAssignable, NotClosed, RequestDecided, StaleEdit
from casework.cases.forms import AssignForm, ClosureDecisionForm, ReopenForm
from casework.cases.panels import add_case_panel
from casework.cases.views import bp
from casework.extensions import db


@bp.route("/<reference>/closure-requests/<request_id>", methods=["GET", "POST"])
@roles("supervisor")
def decide(reference: str, request_id: str):
    """A supervisor approves or refuses a paralegal's request to close the case."""
    # Supervision, not a break-glass opening (issue 13): the request and its final note are
    # addressed to her; the case's own pages still ask an unassigned supervisor for a reason.
    case = load_case(reference, need="manage")
    closure_request = request_of(case, request_id)
    if closure_request is None:
        abort(404)
    form = ClosureDecisionForm()
    if form.validate_on_submit():
        try:
            decide_closure(closure_request, form.decision.data == "approve", form.note.data,
                           current_staff())
        except (RequestDecided, CaseClosed):
            flash(_("This request was already decided."), "error")
            return redirect(url_for("cases.show", reference=reference))
        flash(_("Case closed.") if form.decision.data == "approve"
              else _("Request refused; the case stays open."), "success")
        return redirect(url_for("cases.show", reference=reference))
    record("view", object_type="closure_request", object_id=closure_request.id,
           case_ref=case.reference)
    status = 422 if form.errors else 200
    return render_template("cases/decide.html", case=case, form=form,
                           closure_request=closure_request), status


@bp.route("/<reference>/reopen", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def reopen(reference: str):
    """Reopen a closed case with a reason."""
    case = load_case(reference, need="edit")
    form = ReopenForm(data={"version": case.version} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            reopen_case(case, form.reason.data, form.version.data, current_staff())
        except NotClosed:
            flash(_("Only a closed case can be reopened."), "error")
            return redirect(url_for("cases.show", reference=reference))
        except StaleEdit:
            db.session.rollback()
            flash(_("Someone else changed this case after you opened it; check it first."),
                  "error")
            return redirect(url_for("cases.show", reference=reference))
        flash(_("Case reopened."), "success")
        return redirect(url_for("cases.show", reference=reference))
    if request.method == "GET":
        record_case_view(case)
    return render_template("cases/reopen.html", form=form, case=case), 422 if form.errors else 200


def _assign_form(case) -> AssignForm:
    """The assignment form with the case organisation's paralegals to choose from."""
    form = AssignForm()
    form.paralegal.choices = [("", "—")] + [
        (str(p.id), p.display_name or p.username) for p in assignable_paralegals(case)
    ]
    return form


@bp.route("/<reference>/assign", methods=["GET", "POST"])
@roles("supervisor")
def assign(reference: str):
    """A supervisor assigns or reassigns the case to a paralegal of its organisation."""
    # The page shows no survivor data, so assigning an unassigned case asks no reason.
    case = load_case(reference, need="manage")
    form = _assign_form(case)
    if form.validate_on_submit():
        paralegal = db.session.get(User, uuid.UUID(form.paralegal.data))
        try:
            assign_case(case, paralegal, current_staff(), replace=form.replace.data)
        except CaseClosed:
            flash(_("This case is closed; reopen it before assigning it."), "error")
            return redirect(url_for("cases.show", reference=reference))
        except NotAssignable:
            flash(_("This person cannot take the case."), "error")
        else:
            flash(_("Assignment saved."), "success")
            return redirect(url_for("cases.assign", reference=reference))
    record_case_view(case)
    return render_template("cases/assign.html", form=form, case=case,
                           current=active_paralegal_assignments(case)), 422 if form.errors else 200


@bp.post("/<reference>/assign/<assignment_id>/end")
@roles("supervisor")
def end_assignment(reference: str, assignment_id: str):
    """A supervisor ends one paralegal's assignment to the case."""
    case = load_case(reference, need="manage")
    found = [a for a in active_paralegal_assignments(case) if str(a.id) == assignment_id]
    if not found:
        abort(404)
    unassign(case, found[0], current_staff())
    flash(_("Assignment ended."), "success")
    return redirect(url_for("cases.assign", reference=reference))


def _lifecycle_context(case) -> dict:
    """Assignments, closure requests, closings and reopenings for the case page."""
    return {
        "assignments": assignment_history(case),
        "has_paralegal": bool(active_paralegal_assignments(case)),
        "requests": closure_requests(case),
        "closures": closure_history(case),
        "reopenings": reopenings(case),
    }


add_case_panel("cases/_lifecycle.html", order=85, context=_lifecycle_context)
