"""Pages of the transfers domain: propose a transfer from the case, the receiving
organisation's decision page, and the transfers page with both sides' lists."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.audit.operations import record
from casework.cases import categories as cat
from casework.cases.access import load_case, record_case_view
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.extensions import db
from casework.navigation import add_nav
from casework.pagination import paginate
from casework.referrals.models import URGENCIES
from casework.submissions.views import earlier_answer, saved_answer
from casework.timeline.registry import add_timeline_kind, add_timeline_source
from casework.transfers import models as tm
from casework.transfers.access import load_transfer
from casework.transfers.errors import TransferError
from casework.transfers.forms import AcceptForm, DeclineForm, ProposeForm, WithdrawForm
from casework.transfers.lists import TABS, incoming_count, transfer_list
from casework.transfers.operations import (
    accept_transfer,
    case_workers_of,
    decline_transfer,
    open_transfer,
    propose_transfer,
    receiving_organisations,
    withdraw_transfer,
)
from casework.transfers.timeline import latest_transfers, transfer_events

bp = Blueprint("transfers", __name__, template_folder="templates")
# The case roles (a case worker: accounts.roles.works_cases; a supervisor): staff of units
# that hold no cases neither see the menu entry nor pass the login gate.
STAFF_ROLES = CASE_ROLES

add_nav(lambda: _("Transfers"), "transfers.index", STAFF_ROLES, order=23,
        counter=lambda: incoming_count(current_staff()))
add_timeline_source("transfers", transfer_events)
add_timeline_kind("transfer", lambda: _("Transfer"))


def _panel_context(case: Case) -> dict[str, Any]:
    """The case's open proposal and latest answers, with the withdrawal form."""
    return {"case": case, "open": open_transfer(case), "recent": latest_transfers(case), "tm": tm,
            "withdraw_form": WithdrawForm(formdata=None)}


add_case_panel("transfers/_case_panel.html", order=45, context=_panel_context, roles=STAFF_ROLES)


@bp.context_processor
def _helpers() -> dict[str, Any]:
    """Category lists and labels for the templates."""
    return {"cat": cat, "tm": tm, "urgencies": URGENCIES}


# --- proposing -----------------------------------------------------------------------------

def _new_page(case: Case, form: ProposeForm, status: int = 200):
    """The proposal page."""
    return render_template("transfers/new.html", case=case, form=form), status


@bp.route("/cases/<reference>/transfer", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def new(reference: str):
    """Propose to transfer the case to another organisation, with her consent."""
    case = load_case(reference, need="edit")
    earlier = earlier_answer()
    if earlier:
        return earlier
    form = ProposeForm(receivers=receiving_organisations(case))
    if not form.validate_on_submit():
        record_case_view(case)  # shown again after a refused POST too: still a look at it
        if form.errors:
            flash(_("Some answers need attention; nothing you typed was lost."), "error")
        return _new_page(case, form, 422 if form.errors else 200)
    try:
        transfer = propose_transfer(case, form.chosen_receiver(), form.reason.data,
                                    form.urgency.data, form.note.data, form.consent(),
                                    current_staff())
    except TransferError as exc:
        case_id, case_ref = case.id, case.reference
        db.session.rollback()
        record("propose_transfer", object_type="case", object_id=case_id, case_ref=case_ref,
               outcome="refused")
        flash(exc.message(), "error")
        return _new_page(load_case(reference, need="edit"), form, 422)
    flash(_("Transfer proposed to %(org)s. The case stays with you until it accepts.",
            org=transfer.to_org.name), "success")
    return saved_answer(url_for("cases.show", reference=case.reference))


# --- the transfers page --------------------------------------------------------------------

@bp.get("/transfers/")
@roles(*STAFF_ROLES)
def index():
    """Transfers waiting for my organisation's answer, answered, and sent by my side."""
    tab = request.args.get("tab")
    tab = tab if tab in TABS else TABS[0]
    page = paginate(transfer_list(current_staff(), tab))
    record("list", object_type="transfer")
    return render_template("transfers/index.html", page=page, tab=tab, tabs=TABS)


# --- the receiving organisation's decision -------------------------------------------------

def _decision_page(transfer: tm.CaseTransfer, status: int = 200, **forms: Any):
    """What a decision needs, and no more: categories, age band, urgency, the sender. Each
    showing is logged without the case reference, which the receiver learns only by
    accepting."""
    record("view", object_type="transfer", object_id=transfer.id)
    forms.setdefault("accept_form", AcceptForm(formdata=None,
                                               workers=case_workers_of(transfer.to_org)))
    forms.setdefault("decline_form", DeclineForm(formdata=None))
    return render_template("transfers/show.html", transfer=transfer, case=transfer.case,
                           **forms), status


@bp.get("/transfers/<uuid:transfer_id>")
@roles(*STAFF_ROLES)
def show(transfer_id: uuid.UUID):
    """One proposed transfer, as the receiving organisation sees it."""
    return _decision_page(load_transfer(transfer_id))


def _refused(action: str, transfer_id: uuid.UUID, exc: TransferError, case_ref: str | None):
    """Undo anything half-done, log the refusal, say why, and go back."""
    db.session.rollback()
    record(action, object_type="transfer", object_id=transfer_id, outcome="refused",
           case_ref=case_ref)
    flash(exc.message(), "error")
    return redirect(url_for("transfers.show", transfer_id=transfer_id))


@bp.post("/transfers/<uuid:transfer_id>/accept")
@roles(*STAFF_ROLES)
def accept(transfer_id: uuid.UUID):
    """The receiving organisation accepts the case and names who takes it."""
    transfer = load_transfer(transfer_id)
    workers = case_workers_of(transfer.to_org)
    form = AcceptForm(workers=workers)
    if not form.validate_on_submit():
        flash(_("Choose who takes the case."), "error")
        return _decision_page(transfer, 422, accept_form=form)
    try:
        accept_transfer(transfer, current_staff(), form.chosen_assignee(), workers)
    except TransferError as exc:
        return _refused("accept_transfer", transfer_id, exc, None)
    flash(_("Transfer accepted: the case is now your organisation's."), "success")
    return redirect(url_for("transfers.index", tab="answered"))


@bp.post("/transfers/<uuid:transfer_id>/decline")
@roles(*STAFF_ROLES)
def decline(transfer_id: uuid.UUID):
    """The receiving organisation declines, with a reason the sender reads."""
    transfer = load_transfer(transfer_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_("Write a short reason; it cannot be empty."), "error")
        return _decision_page(transfer, 422, decline_form=form)
    try:
        decline_transfer(transfer, current_staff(), form.reason.data)
    except TransferError as exc:
        return _refused("decline_transfer", transfer_id, exc, None)
    flash(_("Transfer declined; the sender will see your reason."), "success")
    return redirect(url_for("transfers.index", tab="answered"))


@bp.post("/cases/<reference>/transfer/withdraw")
@roles(*STAFF_ROLES)
def withdraw(reference: str):
    """The sender takes back the case's proposal not yet answered."""
    case = load_case(reference, need="edit")
    back = redirect(url_for("cases.show", reference=case.reference))
    if not WithdrawForm().validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return back
    try:
        withdraw_transfer(case, current_staff())
    except TransferError as exc:
        case_id = case.id
        db.session.rollback()
        record("withdraw_transfer", object_type="case", object_id=case_id, outcome="refused",
               case_ref=reference.upper())
        flash(exc.message(), "error")
        return back
    flash(_("Transfer proposal withdrawn."), "success")
    return back
