"""Pages of the legal process: add, change and remove a case's legal steps; the case page's
section and its protection-order banner."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.audit.operations import record
from casework.cases import categories as cat
from casework.cases.access import load_case, record_case_view
from casework.cases.errors import CaseClosed
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.extensions import db
from casework.i18n import local_today
from casework.legal import categories as legal_cat
from casework.legal import operations as ops
from casework.legal.access import load_step
from casework.legal.errors import BeforePoliceReport, ReportAfterLaterStep, StaleStep
from casework.legal.forms import LegalStepForm
from casework.legal.models import LegalStep
from casework.legal.timeline import register_legal_sources
from casework.plans.choices import service_units

bp = Blueprint("legal", __name__, url_prefix="", template_folder="templates")
ANCHOR = "legal"


@bp.app_context_processor
def _legal_context() -> dict:
    """The legal categories and the banner's lookup, also for the case page."""
    return {"legal_cat": legal_cat, "protection_in_force": _in_force, "rupiah": format_decimal}


def _in_force(case: Case) -> LegalStep | None:
    """The protection order in force today, for the case page's banner."""
    return ops.order_in_force(case, local_today())


def _back(case: Case):
    """Back to the legal section of the case page."""
    return redirect(url_for("cases.show", reference=case.reference, _anchor=ANCHOR))


def _closed_refusal(case: Case):
    """A closed case takes no changes."""
    flash(_("This case is closed; reopen it to change its legal process."), "error")
    return redirect(url_for("cases.show", reference=case.reference))


def _form(case: Case, **kwargs) -> LegalStepForm:
    """The step form with the organisations to choose from."""
    form = LegalStepForm(**kwargs)
    units = service_units(case)
    accompanying = [case.organisation, *[u for u in units if u.id != case.organisation_id]]
    form.accompanied_by_org.choices = [("", "—")] + [(str(o.id), o.name) for o in accompanying]
    form.provider_org.choices = [("", "—")] + [(str(o.id), o.name) for o in units
                                               if o.kind == "legal_aid"]
    return form


def _data(form: LegalStepForm) -> dict:
    """The form's values as the operations take them."""
    data = {name: form[name].data for name in (
        "step_on", "accompanied_by", "report_number", "police_unit", "sentence", "decision",
        "ordered_by", "starts_on", "ends_on", "restrictions", "provider_name")}
    data["amount"] = form.amount_value()
    for field, column in (("accompanied_by_org", "accompanied_by_org_id"),
                          ("provider_org", "provider_org_id")):
        data[column] = uuid.UUID(form[field].data) if form[field].data else None
    return data


def _page(case: Case, form: LegalStepForm, step: LegalStep | None, status: int = 200):
    """The step form (422 with the message when a save was refused)."""
    if status == 422:
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
    return render_template("legal/step.html", case=case, form=form, step=step), status


def _order_error(form: LegalStepForm, exc: Exception) -> None:
    """Put the process-order refusal on the date field."""
    if isinstance(exc, ReportAfterLaterStep):
        message = _("A later step of the process is dated before this police report; "
                    "check both dates.")
    else:
        message = _("%(kind)s cannot be dated before the police report (%(date)s).",
                    kind=legal_cat.STEP_KINDS[form.kind.data],
                    date=format_date(exc.report_on, "medium"))
    form.step_on.errors = [*form.step_on.errors, message]


@bp.route("/cases/<reference>/legal/new", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def new_step(reference: str):
    """Choose the kind of step, then record it."""
    case = load_case(reference, need="edit" if request.method == "POST" else "view")
    if request.method == "POST" and case.is_closed:
        return _closed_refusal(case)
    if request.method == "GET":
        record_case_view(case)
        kind = request.args.get("kind", "")
        form = _form(case, data={"kind": kind if kind in legal_cat.STEP_KINDS else "",
                                 "step_on": local_today()})
        return _page(case, form, None)
    form = _form(case)
    if not form.validate_on_submit():
        return _page(case, form, None, 422)
    try:
        ops.add_step(case, form.kind.data, _data(form), current_staff())
    except CaseClosed:
        return _closed_refusal(case)
    except (BeforePoliceReport, ReportAfterLaterStep) as exc:
        db.session.rollback()
        _order_error(form, exc)
        return _page(load_case(reference, need="edit"), form, None, 422)
    flash(_("Legal step recorded."), "success")
    return _back(case)


@bp.route("/cases/<reference>/legal/<step_id>", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def edit_step(reference: str, step_id: str):
    """Change a step; a stale save is refused and the text kept."""
    case, step = load_step(reference, step_id, "edit" if request.method == "POST" else "view")
    if request.method == "GET":
        record("view", object_type="legal_step", object_id=step.id, case_ref=case.reference)
        data = {name: getattr(step, name) for name in (
            "kind", "version", "step_on", "accompanied_by", "report_number", "police_unit",
            "sentence", "decision", "ordered_by", "starts_on", "ends_on", "restrictions",
            "provider_name")}
        data["amount"] = "" if step.amount is None else str(step.amount)
        data["accompanied_by_org"] = str(step.accompanied_by_org_id or "")
        data["provider_org"] = str(step.provider_org_id or "")
        return _page(case, _form(case, data=data), step)
    if case.is_closed:
        return _closed_refusal(case)
    form = _form(case)
    form.kind.data = step.kind  # the kind of a step is never changed by a form
    if not form.validate_on_submit():
        return _page(case, form, step, 422)
    try:
        ops.update_step(case, step, _data(form), form.version.data)
    except CaseClosed:
        return _closed_refusal(case)
    except (BeforePoliceReport, ReportAfterLaterStep) as exc:
        db.session.rollback()
        _order_error(form, exc)
        case, step = load_step(reference, step_id, "edit")
        return _page(case, form, step, 422)
    except StaleStep:
        db.session.rollback()
        flash(_("Someone else saved this after you opened it. Your text is still below: "
                "check it, then save again."), "error")
        case, step = load_step(reference, step_id, "edit")
        form.version.data = step.version
        return render_template("legal/step.html", case=case, form=form, step=step), 409
    flash(_("Legal step saved."), "success")
    return _back(case)


@bp.post("/cases/<reference>/legal/<step_id>/remove")
@roles(*CASE_ROLES)
def remove_step(reference: str, step_id: str):
    """Remove a step recorded in error."""
    case, step = load_step(reference, step_id, "edit")
    try:
        ops.remove_step(case, step)
    except CaseClosed:
        return _closed_refusal(case)
    flash(_("Legal step removed."), "success")
    return _back(case)


def _panel_context(case: Case) -> dict:
    """What the case page shows of the legal process."""
    return {"steps": ops.steps(case), "today": local_today(), "cat": cat}


add_case_panel("legal/_panel.html", order=25, context=_panel_context)


register_legal_sources()
