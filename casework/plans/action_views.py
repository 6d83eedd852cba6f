"""The action plan's pages: goals per need, and actions with who, by when and how far."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from casework.accounts.access import current_staff, roles
from casework.audit.operations import record
from casework.cases.access import load_case, record_case_view
from casework.cases.errors import CaseClosed
from casework.cases.models import Case
from casework.plans import operations as ops
from casework.plans.choices import case_referrals, colleagues, service_units
from casework.plans.errors import DateInPast, StalePlan, UnknownChoice
from casework.plans.forms import ActionForm, GoalForm
from casework.plans.views import CASE_ROLES, _closed_refusal, bp, stale_text

PLAN_ANCHOR = "action-plan"


def _back(case: Case):
    """Back to the action plan on the case page."""
    return redirect(url_for("cases.show", reference=case.reference, _anchor=PLAN_ANCHOR))


def _closed_post(case: Case) -> bool:
    """A save on a closed case, refused before its form is even read."""
    return request.method == "POST" and case.is_closed


def _need(request_method: str) -> str:
    """Reading needs the case for viewing; saving needs it for editing."""
    return "edit" if request_method == "POST" else "view"


@bp.route("/cases/<reference>/goals/new", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def new_goal(reference: str):
    """Add a goal for one area of need."""
    case = load_case(reference, need=_need(request.method))
    if _closed_post(case):
        return _closed_refusal(case)
    form = GoalForm(data={"area": request.args.get("area", "")} if request.method == "GET"
                    else None)
    if form.validate_on_submit():
        try:
            ops.add_goal(case, form.area.data, form.description.data, current_staff())
        except CaseClosed:
            return _closed_refusal(case)
        flash(_("Goal added."), "success")
        return _back(case)
    if request.method == "GET":
        record_case_view(case)
    return _goal_page(case, form, None)


def _goal_page(case: Case, form: GoalForm, goal, status: int | None = None):
    """The goal form."""
    if request.method == "POST" and status is None:
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        status = 422
    return render_template("plans/goal.html", case=case, form=form, goal=goal), status or 200


@bp.route("/cases/<reference>/goals/<goal_id>", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def edit_goal(reference: str, goal_id: str):
    """Change a goal; a stale save is refused and the text kept."""
    case = load_case(reference, need=_need(request.method))
    if _closed_post(case):
        return _closed_refusal(case)
    goal = ops.goal_of(case, goal_id) or abort(404)
    if request.method == "GET":
        record("view", object_type="goal", object_id=goal.id, case_ref=case.reference)
        form = GoalForm(data={"area": goal.area, "description": goal.description,
                              "status": goal.status, "version": goal.version})
        return _goal_page(case, form, goal)
    form = GoalForm()
    if not form.validate_on_submit():
        return _goal_page(case, form, goal)
    try:
        ops.update_goal(case, goal, form.data, form.version.data)
    except CaseClosed:
        return _closed_refusal(case)
    except StalePlan:
        return _stale_goal(reference, goal_id, form)
    flash(_("Goal saved."), "success")
    return _back(case)


def _stale_goal(reference: str, goal_id: str, form: GoalForm):
    """Refuse a stale goal edit: her text stays, the form now carries the saved version."""
    ops.db.session.rollback()
    flash(stale_text(), "error")
    case = load_case(reference, need="edit")
    goal = ops.goal_of(case, goal_id)
    form.version.data = goal.version
    return _goal_page(case, form, goal, 409)


def _action_form(case: Case, **kwargs) -> ActionForm:
    """The action form with this case's colleagues, referrals and units to choose from."""
    form = ActionForm(**kwargs)
    form.colleague.choices = [("", "—")] + [(str(u.id), u.display_name or u.username)
                                            for u in colleagues(case)]
    form.referral.choices = [("", "—")] + [(str(rid), text) for rid, text in case_referrals(case)]
    form.unit.choices = [("", "—")] + [(str(o.id), o.name) for o in service_units(case)]
    return form


def _action_page(case: Case, form: ActionForm, goal, action, status: int | None = None):
    """The action form."""
    if request.method == "POST" and status is None:
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        status = 422
    return render_template("plans/action.html", case=case, form=form, goal=goal,
                           action=action), status or 200


def _save_refused(form: ActionForm, exc: Exception) -> None:
    """Put a refused save's reason on the field it concerns."""
    if isinstance(exc, DateInPast):
        form.due_on.errors = [_("This date is in the past; choose today or a later date.")]
    else:
        form.responsible_kind.errors = [_("Choose who is responsible from the list.")]


@bp.route("/cases/<reference>/goals/<goal_id>/actions/new", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def new_action(reference: str, goal_id: str):
    """Add an action to a goal; the due date may not lie in the past."""
    case = load_case(reference, need=_need(request.method))
    if _closed_post(case):
        return _closed_refusal(case)
    goal = ops.goal_of(case, goal_id) or abort(404)
    form = _action_form(case, data={"responsible_kind": "paralegal"}
                        if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            ops.add_action(case, goal, form.data, current_staff())
        except CaseClosed:
            return _closed_refusal(case)
        except (DateInPast, UnknownChoice) as exc:
            _save_refused(form, exc)
            flash(_("Some answers need attention; nothing you typed was lost."), "error")
            return _action_page(case, form, goal, None, 422)
        flash(_("Action added."), "success")
        return _back(case)
    if request.method == "GET":
        record_case_view(case)
    return _action_page(case, form, goal, None)


def _action_data(action) -> dict:
    """An action's saved values as the form expects them."""
    return {
        "description": action.description, "responsible_kind": action.responsible_kind,
        "colleague": str(action.responsible_user_id or ""),
        "referral": str(action.referral_id or ""), "unit": str(action.unit_org_id or ""),
        "due_on": action.due_on, "status": action.status, "version": action.version,
    }


@bp.route("/cases/<reference>/actions/<action_id>", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def edit_action(reference: str, action_id: str):
    """Change an action or its status; a stale save is refused and the input kept."""
    case = load_case(reference, need=_need(request.method))
    if _closed_post(case):
        return _closed_refusal(case)
    action = ops.action_of(case, action_id) or abort(404)
    if request.method == "GET":
        record("view", object_type="action", object_id=action.id, case_ref=case.reference)
        return _action_page(case, _action_form(case, data=_action_data(action)),
                            action.goal, action)
    form = _action_form(case)
    if not form.validate_on_submit():
        return _action_page(case, form, action.goal, action)
    try:
        ops.update_action(case, action, form.data, form.version.data, current_staff())
    except CaseClosed:
        return _closed_refusal(case)
    except StalePlan:
        return _stale_action(reference, action_id, form)
    except (DateInPast, UnknownChoice) as exc:
        ops.db.session.rollback()
        _save_refused(form, exc)
        case = load_case(reference, need="edit")
        action = ops.action_of(case, action_id)
        return _action_page(case, form, action.goal, action, 422)
    flash(_("Action saved."), "success")
    return _back(case)


def _stale_action(reference: str, action_id: str, form: ActionForm):
    """Refuse a stale action edit: her input stays, the form now carries the saved version."""
    ops.db.session.rollback()
    flash(stale_text(), "error")
    case = load_case(reference, need="edit")
    action = ops.action_of(case, action_id)
    form.version.data = action.version
    return _action_page(case, form, action.goal, action, 409)
