"""Pages of the referrals domain: refer a case, the unit's inbox and work, the sender's side."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.accounts.roles import SERVICE_UNIT_KINDS
from casework.audit.operations import record
from casework.audit.views import referral_access_lines
from casework.cases import categories as cat
from casework.cases.access import load_case, record_case_view
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.cases.rules import mediation_forbidden
from casework.extensions import db
from casework.navigation import add_nav
from casework.pagination import paginate
from casework.referrals import models as m
from casework.referrals.access import (
    is_recipient,
    load_referral,
    unit_sees_shared_fields,
    unit_side,
)
from casework.referrals.directory import offered_map, offered_services, units_for
from casework.referrals.documents import register_documents
from casework.referrals.errors import ConcurrentChange, ReferralError
from casework.referrals.forms import (
    CompleteForm,
    ConsentWithdrawalForm,
    DeclineForm,
    ReferralForm,
    ServiceForm,
    WithdrawForm,
    unit_groups,
)
from casework.referrals.inbox import (
    SENDER_TABS,
    UNIT_TABS,
    is_overdue,
    new_count,
    overdue_count,
    sender_referrals,
    unit_inbox,
)
from casework.referrals.intake import intakes_of
from casework.referrals.operations import (
    accept_referral,
    complete_referral,
    decline_referral,
    make_referral,
    mark_referrals_seen,
    record_service,
    services_of,
    withdraw_consent,
    withdraw_referral,
)
from casework.referrals.sharing import shared_fields
from casework.referrals.timeline import referral_events, service_events
from casework.submissions.views import earlier_answer, saved_answer
from casework.timeline.registry import add_timeline_source

bp = Blueprint("referrals", __name__, template_folder="templates")
SENDER_ROLES = CASE_ROLES
REFERRAL_ROLES = (*CASE_ROLES, "service_staff")
PANEL_REFERRALS = 10

add_nav(lambda: _("Referrals"), "referrals.index", REFERRAL_ROLES, order=20,
        counter=lambda: new_count(current_staff()))
add_nav(lambda: _("Overdue referrals"), "referrals.overdue", REFERRAL_ROLES, order=21,
        counter=lambda: overdue_count(current_staff()))
add_timeline_source("referrals", referral_events)
add_timeline_source("referral_services", service_events)
register_documents()
# The dashboards' short referral lists (reports domain) flag overdue ones with the same rule.
bp.add_app_template_global(is_overdue, "referral_overdue")


@bp.context_processor
def _helpers() -> dict[str, Any]:
    """Category lists and status labels for the templates."""
    return {"cat": cat, "rm": m, "is_overdue": is_overdue}


def _panel_context(case: Case) -> dict[str, Any]:
    """The case's latest referrals with their history and the services recorded."""
    referrals = list(db.session.scalars(
        select(m.Referral).where(m.Referral.case_id == case.id)
        .order_by(m.Referral.sent_at.desc(), m.Referral.id).limit(PANEL_REFERRALS + 1)
        .options(selectinload(m.Referral.transitions), selectinload(m.Referral.services),
                 selectinload(m.Referral.to_org), selectinload(m.Referral.consent))
    ))
    return {"case": case, "referrals": referrals[:PANEL_REFERRALS], "rm": m,
            "is_overdue": is_overdue,
            "more": len(referrals) > PANEL_REFERRALS,
            "services": {r.id: services_of(r) for r in referrals[:PANEL_REFERRALS]},
            "intakes": intakes_of(referrals[:PANEL_REFERRALS])}


add_case_panel("referrals/_case_panel.html", order=40, context=_panel_context, roles=SENDER_ROLES)


# --- making a referral -------------------------------------------------------------------

def _new_page(case: Case, form: ReferralForm, status: int = 200):
    """The new-referral page: units of her region first, with what each offers."""
    user = current_staff()
    everywhere = request.args.get("units") == "all"
    units = units_for(user.organisation, everywhere)
    return render_template(
        "referrals/new.html", case=case, form=form, everywhere=everywhere,
        unit_groups=unit_groups(user.organisation, units), offered=offered_map(units),
        units=units, mediation_forbidden=mediation_forbidden(case),
    ), status


@bp.route("/cases/<reference>/referrals/new", methods=["GET", "POST"])
@roles(*SENDER_ROLES)
def new(reference: str):
    """Refer the case to a service unit, with the survivor's consent."""
    case = load_case(reference, need="edit")
    earlier = earlier_answer()
    if earlier:
        return earlier
    form = ReferralForm()
    if not form.validate_on_submit():
        if request.method == "GET":
            record_case_view(case)
        if form.errors:
            flash(_("Some answers need attention; nothing you typed was lost."), "error")
        return _new_page(case, form, 422 if form.errors else 200)
    try:
        referral = make_referral(case, form.chosen_unit, form.services.data, form.urgency.data,
                                 form.reason.data, form.consent(), current_staff())
    except ReferralError as exc:
        flash(exc.message(), "error")
        return _new_page(case, form, 422)
    flash(_("Referral %(ref)s sent to %(unit)s.", ref=referral.reference,
            unit=referral.to_org.name), "success")
    return saved_answer(url_for("referrals.show", referral_id=referral.id))


@bp.get("/cases/<reference>/referrals")
@roles(*SENDER_ROLES)
def case_referrals(reference: str):
    """Every referral of one case, a page at a time."""
    case = load_case(reference, need="view")
    page = paginate(sender_referrals(current_staff(), "all", case))
    record("list", object_type="referral", object_id=case.id, case_ref=case.reference)
    return render_template("referrals/index.html", page=page, tab="all", tabs=(),
                           unit_side=False, case=case)


# --- lists ---------------------------------------------------------------------------------

def _sides(user) -> tuple[str, ...]:
    """The lists the user has, her usual one first: a unit's staff its inbox (and, at a unit
    that holds cases, her own cases' referrals); a unit's supervisor both; others the sent."""
    if user.role == "service_staff":
        return ("received", "sent") if user.works_cases else ("received",)
    if user.role == "supervisor" and user.organisation.kind in SERVICE_UNIT_KINDS:
        return ("received", "sent")
    return ("sent",)


def _list_page(tab: str | None):
    """The unit's inbox or the sender's referrals, one tab, a page at a time."""
    user = current_staff()
    sides = _sides(user)
    side = request.args.get("side")
    side = side if side in sides else sides[0]
    received = side == "received"
    tabs = UNIT_TABS if received else SENDER_TABS
    tab = tab if tab in tabs else tabs[0]
    query = unit_inbox(user, tab) if received else sender_referrals(user, tab)
    page = paginate(query)
    if not received:
        mark_referrals_seen(user)
    record("list", object_type="referral")
    return render_template("referrals/index.html", page=page, tab=tab, tabs=tabs,
                           unit_side=received, case=None, side=side, sides=sides)


@bp.get("/referrals/")
@roles(*REFERRAL_ROLES)
def index():
    """Referrals: the unit's inbox for service staff, sent referrals for the others."""
    return _list_page(request.args.get("tab"))


@bp.get("/referrals/overdue")
@roles(*REFERRAL_ROLES)
def overdue():
    """Overdue referrals (the navigation counter's target)."""
    return _list_page("overdue")


# --- one referral --------------------------------------------------------------------------

def _unit_page(referral: m.Referral, status: int = 200, **forms: Any):
    """The unit's page: the shared groups only, and the actions the status allows."""
    allowed = sorted(set(offered_services(referral.to_org)) | set(referral.service_types))
    forms.setdefault("decline_form", DeclineForm(formdata=None))
    forms.setdefault("service_form", ServiceForm(formdata=None, services=allowed))
    forms.setdefault("complete_form", CompleteForm(formdata=None))
    return render_template(
        "referrals/unit.html", referral=referral,
        may_respond=is_recipient(current_staff(), referral),
        shared=shared_fields(referral) if unit_sees_shared_fields(referral) else None,
        services=services_of(referral), access_history=referral_access_lines(referral), **forms,
    ), status


def _sender_page(referral: m.Referral, status: int = 200, **forms: Any):
    """The sender's page: status, history, services, withdrawal and consent."""
    forms.setdefault("withdraw_form", WithdrawForm(formdata=None))
    forms.setdefault("consent_form", ConsentWithdrawalForm(formdata=None))
    return render_template("referrals/sender.html", referral=referral,
                           services=services_of(referral), **forms), status


@bp.get("/referrals/<uuid:referral_id>")
@roles(*REFERRAL_ROLES)
def show(referral_id: uuid.UUID):
    """One referral, as the unit or as the sender sees it."""
    referral = load_referral(referral_id, need="view")
    record("view", object_type="referral", object_id=referral.id,
           case_ref=referral.case.reference)
    if unit_side(current_staff(), referral):
        return _unit_page(referral)
    return _sender_page(referral)


def _refused(action: str, referral: m.Referral, exc: ReferralError):
    """Undo anything half-done, log the refusal, say why, and go back to the referral."""
    # Kept before the rollback expires the referral: the case's access history and the
    # sending side's supervisor find refused steps by the case reference.
    referral_id, case_ref = referral.id, referral.case.reference
    db.session.rollback()
    record(action, object_type="referral", object_id=referral_id, outcome="refused",
           case_ref=case_ref)
    flash(exc.message(), "error")
    return redirect(url_for("referrals.show", referral_id=referral_id))


def _done(message: str, referral_id: uuid.UUID):
    """Say it worked and show the referral again (or the inbox, once access has ended)."""
    flash(message, "success")
    return redirect(url_for("referrals.show", referral_id=referral_id))


@bp.post("/referrals/<uuid:referral_id>/accept")
@roles("service_staff")
def accept(referral_id: uuid.UUID):
    """The unit accepts the referral and takes responsibility for it."""
    referral = load_referral(referral_id, need="respond")
    try:
        accept_referral(referral, current_staff())
    except ReferralError as exc:
        return _refused("accept", referral, exc)
    return _done(_("Referral accepted: your unit is now responsible for it."), referral_id)


@bp.post("/referrals/<uuid:referral_id>/decline")
@roles("service_staff")
def decline(referral_id: uuid.UUID):
    """The unit declines the referral with a reason."""
    referral = load_referral(referral_id, need="respond")
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_("Write a short reason; it cannot be empty."), "error")
        return _unit_page(referral, 422, decline_form=form)
    try:
        decline_referral(referral, current_staff(), form.reason.data)
    except ReferralError as exc:
        return _refused("decline", referral, exc)
    flash(_("Referral declined; the sender will see your reason."), "success")
    return redirect(url_for("referrals.index"))


@bp.post("/referrals/<uuid:referral_id>/services")
@roles("service_staff")
def add_service(referral_id: uuid.UUID):
    """Record a service the unit gave under this referral."""
    referral = load_referral(referral_id, need="respond")
    allowed = sorted(set(offered_services(referral.to_org)) | set(referral.service_types))
    form = ServiceForm(services=allowed)
    if not form.validate_on_submit():
        flash(_("Some answers need attention; nothing you typed was lost."), "error")
        return _unit_page(referral, 422, service_form=form)
    try:
        record_service(referral, current_staff(), form.data)
    except ConcurrentChange as exc:
        return _refused("create", referral, exc)
    except ReferralError as exc:
        flash(exc.message(), "error")
        return _unit_page(referral, 422, service_form=form)
    return _done(_("Service recorded."), referral_id)


@bp.post("/referrals/<uuid:referral_id>/complete")
@roles("service_staff")
def complete(referral_id: uuid.UUID):
    """The unit completes the referral with a closing note."""
    referral = load_referral(referral_id, need="respond")
    form = CompleteForm()
    if not form.validate_on_submit():
        flash(_("Write a closing note; it cannot be empty."), "error")
        return _unit_page(referral, 422, complete_form=form)
    try:
        complete_referral(referral, current_staff(), form.note.data)
    except ReferralError as exc:
        return _refused("complete", referral, exc)
    flash(_("Referral completed. Thank you."), "success")
    return redirect(url_for("referrals.index"))


@bp.post("/referrals/<uuid:referral_id>/withdraw")
@roles(*SENDER_ROLES)
def withdraw(referral_id: uuid.UUID):
    """The sender withdraws a referral that is not completed."""
    referral = load_referral(referral_id, need="manage")
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _sender_page(referral, 422, withdraw_form=form)
    try:
        withdraw_referral(referral, current_staff(), form.reason.data)
    except ReferralError as exc:
        return _refused("withdraw", referral, exc)
    return _done(_("Referral withdrawn; the unit no longer has access to it."), referral_id)


@bp.post("/referrals/<uuid:referral_id>/consent-withdrawal")
@roles(*SENDER_ROLES)
def consent_withdrawal(referral_id: uuid.UUID):
    """Record that the survivor withdrew her consent: the unit's access ends at once."""
    referral = load_referral(referral_id, need="manage")
    form = ConsentWithdrawalForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm that she withdrew her consent."), "error")
        return _sender_page(referral, 422, consent_form=form)
    try:
        withdraw_consent(referral, current_staff(), form.reason.data)
    except ReferralError as exc:
        return _refused("consent_withdrawn", referral, exc)
    return _done(_("Her withdrawal of consent is recorded; the unit's access has ended."),
                 referral_id)


@bp.get("/referrals/<uuid:referral_id>/letter")
@roles(*SENDER_ROLES)
def letter(referral_id: uuid.UUID):
    """The referral letter (surat rujukan), print-ready, with only the shared fields."""
    referral = load_referral(referral_id, need="letter")
    record("print", object_type="referral", object_id=referral.id,
           case_ref=referral.case.reference)
    return render_template("referrals/letter.html", referral=referral,
                           shared=shared_fields(referral))


# Routes on this blueprint.
from casework.referrals import directory_views, intake_views  # noqa: E402, F401
