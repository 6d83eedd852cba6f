"""A child's guardian or caregiver, and her child-friendly interviews, on the case page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.cases import categories
from casework.cases.access import load_case, record_case_view
from casework.cases.errors import CaseClosed
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.children import categories as child_categories
from casework.children.errors import ChildrenError
from casework.children.forms import ChildInterviewForm, GuardianForm
from casework.children.operations import add_interview, guardian_of, interviews_of, save_guardian
from casework.i18n import local_today

bp = Blueprint("children", __name__, url_prefix="/cases", template_folder="templates")


@bp.context_processor
def _categories() -> dict:
    """Category lists for the templates."""
    return {"cat": categories, "child_cat": child_categories}


def _panel_context(case: Case) -> dict:
    """The guardian and interviews of a child's case (shown also if a guardian was recorded
    before her age was corrected, so nothing recorded is hidden)."""
    guardian = guardian_of(case)
    child = case.survivor is not None and case.survivor.is_child
    return {"show": child or guardian is not None, "child": child, "guardian": guardian,
            "interviews": interviews_of(case) if child else [], "child_cat": child_categories}


add_case_panel("children/_panel.html", order=15, context=_panel_context)


def _refused(case: Case, error: Exception, template: str, form, status: int = 422):
    """The form again with what was typed, and why it was refused."""
    if isinstance(error, CaseClosed):
        flash(_("This case is closed and cannot be edited."), "error")
        return redirect(url_for("cases.show", reference=case.reference))
    flash(error.message(), "error")
    return render_template(template, case=case, form=form), status


@bp.route("/<reference>/guardian", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def guardian(reference: str):
    """Record or change the guardian or caregiver of a child survivor."""
    case = load_case(reference, need="edit")
    current = guardian_of(case)
    if request.method == "GET":
        record_case_view(case)
        data = ({"name": current.name, "relationship": current.relationship,
                 "perpetrator_link": current.perpetrator_link,
                 "safe_to_contact": current.safe_to_contact, "contact": current.contact}
                if current else None)
        return render_template("children/guardian.html", case=case, form=GuardianForm(data=data))
    form = GuardianForm()
    if not form.validate_on_submit():
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        return render_template("children/guardian.html", case=case, form=form), 422
    try:
        save_guardian(case, form.data, current_staff())
    except (ChildrenError, CaseClosed) as error:
        return _refused(case, error, "children/guardian.html", form)
    flash(_("Guardian saved."), "success")
    return redirect(url_for("cases.show", reference=reference, _anchor="child"))


@bp.route("/<reference>/child-interview", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def interview(reference: str):
    """Record a child-friendly interview: how it was adapted and who was present."""
    case = load_case(reference, need="edit")
    if request.method == "GET":
        record_case_view(case)
        form = ChildInterviewForm(data={"interviewed_on": local_today()})
        return render_template("children/interview.html", case=case, form=form)
    form = ChildInterviewForm()
    if not form.validate_on_submit():
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        return render_template("children/interview.html", case=case, form=form), 422
    try:
        add_interview(case, form.data, current_staff())
    except (ChildrenError, CaseClosed) as error:
        return _refused(case, error, "children/interview.html", form)
    flash(_("Interview recorded."), "success")
    return redirect(url_for("cases.show", reference=reference, _anchor="child"))
