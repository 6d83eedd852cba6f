"""Pages of case management after intake: assessment, safety plan, action plan, follow-ups,
services, and the lists of what is due."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.audit.operations import record
from casework.cases import categories as cat
from casework.cases.access import load_case
from casework.cases.errors import CaseClosed
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.extensions import db
from casework.i18n import local_today
from casework.navigation import add_nav
from casework.pagination import paginate
from casework.plans import categories as plan_cat
from casework.plans import operations as ops
from casework.plans.errors import DateInPast, DiversionForbidden, MediationForbidden, StalePlan
from casework.plans.forms import (
    AssessmentForm,
    CopyForm,
    FollowUpForm,
    SafetyPlanForm,
    SafetyReviewForm,
    ServiceForm,
)
from casework.plans.models import SAFETY_PLAN_FIELDS
from casework.plans.queries import due_count
from casework.referrals.errors import diversion_message

bp = Blueprint("plans", __name__, url_prefix="", template_folder="templates")


@bp.context_processor
def _categories() -> dict:
    """The case category lists for this domain's pages."""
    return {"cat": cat}


@bp.app_context_processor
def _plan_categories() -> dict:
    """Plan categories and today's date, also for the case page and the case list."""
    return {"plan_cat": plan_cat, "plan_today": local_today()}


def _closed_refusal(case: Case):
    """Tell her a closed case takes no changes and go back to it."""
    flash(_("This case is closed; reopen it to change its plan."), "error")
    return redirect(url_for("cases.show", reference=case.reference))


def _viewed(case: Case, object_type: str) -> None:
    """Log a look at one part of the case's plan."""
    record("view", object_type=object_type, object_id=case.id, case_ref=case.reference)


def stale_text() -> str:
    """The words for a save that lost a race with someone else's."""
    return _("Someone else saved this after you opened it. Your text is still below: check it, "
             "then save again.")


def _stale_message() -> None:
    """Undo the refused save and tell her why."""
    db.session.rollback()
    flash(stale_text(), "error")


# --- assessment -----------------------------------------------------------------------------

def _assessment_page(case: Case, form: AssessmentForm, status: int = 200):
    """The assessment form with the history below it."""
    page = paginate(ops.assessments(case), size=10)
    return render_template("plans/assessment.html", case=case, form=form, page=page), status


@bp.route("/cases/<reference>/assessment", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def assessment(reference: str):
    """Assess needs and risk; a reassessment is added, earlier ones stay as history."""
    case = load_case(reference, need="edit" if request.method == "POST" else "view")
    if request.method == "GET":
        latest = ops.latest_assessment(case)
        form = AssessmentForm(data=_assessment_data(latest))
        _viewed(case, "assessment")
        return _assessment_page(case, form)
    if case.is_closed:
        return _closed_refusal(case)
    form = AssessmentForm()
    if not form.validate_on_submit():
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        return _assessment_page(case, form, 422)
    try:
        ops.record_assessment(case, form.data, form.based_on.data, current_staff())
    except CaseClosed:
        return _closed_refusal(case)
    except StalePlan:
        _stale_message()
        case = load_case(reference, need="edit")
        latest = ops.latest_assessment(case)
        form.based_on.data = str(latest.id) if latest else ""
        return _assessment_page(case, form, 409)
    flash(_("Assessment saved."), "success")
    return redirect(url_for("cases.show", reference=reference, _anchor="plan"))


def _assessment_data(latest) -> dict:
    """A reassessment starts from the latest answers."""
    if latest is None:
        return {"based_on": ""}
    data = {"based_on": str(latest.id), "risk_level": latest.risk_level,
            "summary": latest.summary}
    for need in latest.needs:
        data[f"{need.area}_urgency"] = need.urgency
        data[f"{need.area}_note"] = need.note
    return data


# --- safety plan ----------------------------------------------------------------------------

def _safety_page(case: Case, form: SafetyPlanForm, status: int = 200, **extra):
    """The safety plan form, its revisits and its versions."""
    page = paginate(ops.safety_plan_versions(case), size=10)
    return render_template(
        "plans/safety_plan.html", case=case, form=form, page=page,
        current=ops.current_safety_plan(case), reviews=ops.safety_reviews(case),
        review_form=extra.get("review_form") or SafetyReviewForm(),
        copy_form=CopyForm(), **{k: v for k, v in extra.items() if k != "review_form"},
    ), status


@bp.route("/cases/<reference>/safety-plan", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def safety_plan(reference: str):
    """Write or revise the safety plan; each save is a new version."""
    case = load_case(reference, need="edit" if request.method == "POST" else "view")
    if request.method == "GET":
        current = ops.current_safety_plan(case)
        data = {name: getattr(current, name) for name in SAFETY_PLAN_FIELDS} if current else {}
        data.update(based_on=current.number if current else 0,
                    copy_status=current.copy_status if current else "not_offered")
        _viewed(case, "safety_plan")
        return _safety_page(case, SafetyPlanForm(data=data))
    if case.is_closed:
        return _closed_refusal(case)
    form = SafetyPlanForm()
    if not form.validate_on_submit():
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        return _safety_page(case, form, 422)
    try:
        ops.save_safety_plan(case, form.data, form.based_on.data, current_staff())
    except CaseClosed:
        return _closed_refusal(case)
    except StalePlan:
        _stale_message()
        case = load_case(reference, need="edit")
        current = ops.current_safety_plan(case)
        form.based_on.data = current.number if current else 0
        return _safety_page(case, form, 409)
    flash(_("Safety plan saved."), "success")
    return redirect(url_for("plans.safety_plan", reference=reference))


@bp.post("/cases/<reference>/safety-plan/review")
@roles(*CASE_ROLES)
def safety_review(reference: str):
    """Record that the plan was revisited with her."""
    case = load_case(reference, need="edit")
    if case.is_closed:
        return _closed_refusal(case)
    form = SafetyReviewForm()
    if not form.validate_on_submit():
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        return _safety_page(case, SafetyPlanForm(data=_plan_data(case)), 422, review_form=form)
    try:
        ops.review_safety_plan(case, form.reviewed_on.data, form.note.data, current_staff())
    except CaseClosed:
        return _closed_refusal(case)
    except (ops.UnknownChoice, DateInPast):
        flash(_("Write the safety plan before recording a revisit."), "error")
        return redirect(url_for("plans.safety_plan", reference=reference))
    flash(_("Revisit recorded."), "success")
    return redirect(url_for("plans.safety_plan", reference=reference, _anchor="revisits"))


def _plan_data(case: Case) -> dict:
    """The current plan's text for the form."""
    current = ops.current_safety_plan(case)
    if current is None:
        return {"based_on": 0}
    data = {name: getattr(current, name) for name in SAFETY_PLAN_FIELDS}
    return {**data, "based_on": current.number, "copy_status": current.copy_status}


@bp.post("/cases/<reference>/safety-plan/copy")
@roles(*CASE_ROLES)
def safety_copy(reference: str):
    """Record whether she kept the printed plan or chose not to."""
    case = load_case(reference, need="edit")
    form, current = CopyForm(), ops.current_safety_plan(case)
    if current is None or not form.validate_on_submit():
        abort(404 if current is None else 400)
    try:
        ops.set_copy_status(case, current, form.copy_status.data)
    except CaseClosed:
        return _closed_refusal(case)
    flash(_("Saved."), "success")
    return redirect(url_for("plans.safety_plan", reference=reference))


@bp.get("/cases/<reference>/safety-plan/print")
@roles(*CASE_ROLES)
def safety_print(reference: str):
    """A small page with the plan's steps only, to print for her."""
    case = load_case(reference, need="view")
    plan = _plan_version(case, request.args.get("number", ""))
    if plan is None:
        abort(404)
    ops.record_print(case, plan)
    return render_template("plans/safety_plan_print.html", case=case, plan=plan)


def _plan_version(case: Case, number: str):
    """The requested version of the plan, or the current one."""
    if not number:
        return ops.current_safety_plan(case)
    if not number.isdigit() or len(number) > 6:
        return None
    return db.session.scalar(
        ops.safety_plan_versions(case).where(ops.SafetyPlan.number == int(number))
    )


# --- follow-ups -----------------------------------------------------------------------------

@bp.route("/cases/<reference>/followups", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def followups(reference: str):
    """Record a contact with her, and see the earlier ones."""
    case = load_case(reference, need="edit" if request.method == "POST" else "view")
    form = FollowUpForm()
    if request.method == "GET":
        form = FollowUpForm(data={"contact_on": local_today()})
        _viewed(case, "followup")
    elif case.is_closed:
        flash(_("This case is closed; reopen it before recording a follow-up."), "error")
        return redirect(url_for("cases.show", reference=reference))
    elif form.validate_on_submit():
        try:
            ops.record_followup(case, form.data, current_staff())
        except CaseClosed:
            flash(_("This case is closed; reopen it before recording a follow-up."), "error")
            return redirect(url_for("cases.show", reference=reference))
        flash(_("Follow-up recorded."), "success")
        return redirect(url_for("cases.show", reference=reference, _anchor="plan"))
    else:
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
    page = paginate(ops.followups(case), size=20)
    return render_template("plans/followups.html", case=case, form=form, page=page), \
        422 if form.errors else 200


# --- the organisation's own services --------------------------------------------------------

@bp.route("/cases/<reference>/services", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def services(reference: str):
    """Record a service the organisation gave her, and see every service of the case."""
    case = load_case(reference, need="edit" if request.method == "POST" else "view")
    form, status = ServiceForm(), 200
    if request.method == "GET":
        form = ServiceForm(data={"delivered_on": local_today()})
        _viewed(case, "service")
    elif case.is_closed:
        return _closed_refusal(case)
    elif form.validate_on_submit():
        try:
            ops.record_own_service(case, form.data, current_staff())
        except CaseClosed:
            return _closed_refusal(case)
        except MediationForbidden:
            form.service_type.errors = [_(
                "Mediation is not allowed for this case: UU TPKS art. 23 forbids settling a "
                "sexual-violence crime by mediation unless the perpetrator is a child.")]
            status = 422
        except DiversionForbidden:
            form.service_type.errors = [diversion_message()]
            status = 422
        else:
            flash(_("Service recorded."), "success")
            return redirect(url_for("plans.services", reference=reference))
    else:
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        status = 422
    page = paginate(ops.services(case), size=20)
    return render_template("plans/services.html", case=case, form=form, page=page), status


# --- the case page's section ----------------------------------------------------------------

def _plan_context(case: Case) -> dict:
    """What the case page shows of the plan."""
    return {
        "assessment": ops.latest_assessment(case),
        "safety_plan": ops.current_safety_plan(case),
        "last_review": next(iter(ops.safety_reviews(case)), None),
        "goals": ops.goals(case),
        "followups": list(db.session.scalars(ops.followups(case).limit(3))),
        "services": list(db.session.scalars(ops.services(case).limit(5))),
    }


add_case_panel("plans/_panel.html", order=20, context=_plan_context)
def _due_badge() -> int:
    """The paralegal's own count of due work; a supervisor's whole organisation is too many
    rows to count on every page, so her overview lists them instead."""
    user = current_staff()
    return due_count(user) if user.works_cases else 0


add_nav(lambda: _("Due"), "plans.agenda", CASE_ROLES, order=15, counter=_due_badge)

# The action plan and the lists of what is due live in their own modules on this blueprint.
from casework.plans import action_views, agenda_views  # noqa: E402,F401


def _register_timeline() -> None:
    """Add this domain's events to the case timeline, once the timeline domain exists."""
    try:
        from casework.cases.lifecycle_timeline import register_lifecycle_sources
        from casework.plans.timeline import register_plan_sources
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("casework.timeline"):
            raise
        return
    register_plan_sources()
    register_lifecycle_sources()


_register_timeline()
