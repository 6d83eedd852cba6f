"""Taking an accepted referral into the unit's own case management (routes on the referrals
blueprint), and what each side's pages say about it."""

from __future__ import annotations

import uuid
from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.audit.operations import record
from casework.cases import categories as cat
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.extensions import db
from casework.referrals.access import find_referral
from casework.referrals.errors import ReferralError
from casework.referrals.intake import intake_for_case, intake_of, may_take_in, take_in
from casework.referrals.models import Referral, ReferralIntake
from casework.referrals.views import bp


class TakeInForm(FlaskForm):
    """Her consent to the unit's own case: to record it, to be contacted, to be counted."""

    consent_record = BooleanField(_l("She agrees that our unit records her case"))
    consent_contact = BooleanField(_l("She agrees to be contacted"))
    consent_statistics = BooleanField(_l("She agrees to be counted in statistics (no names)"))
    consent_given_by = SelectField(_l("Consent given by"), [InputRequired()])
    guardian_note = TextAreaField(_l("Guardian or supervisor's reason"),
                                  [Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consent_given_by.choices = cat.choice_list(cat.CONSENT_GIVERS)

    def consent(self) -> dict[str, Any]:
        """Her consent as the operation expects it."""
        return {"record": self.consent_record.data, "contact": self.consent_contact.data,
                "statistics": self.consent_statistics.data,
                "given_by": self.consent_given_by.data, "guardian_note": self.guardian_note.data}


@bp.app_template_global("referral_intake")
def referral_intake(referral: Referral) -> ReferralIntake | None:
    """For the referral pages: whether (and when, by which unit) it was taken in."""
    return intake_of(referral)


@bp.app_template_global("take_in_form")
def take_in_form(referral: Referral, intake: ReferralIntake | None) -> TakeInForm | None:
    """The take-in form, for the staff who may use it on an accepted referral not taken in
    (the page passes the take-in it already loaded with referral_intake)."""
    if intake is not None or referral.status != "accepted":
        return None
    return TakeInForm(formdata=None) if may_take_in(current_staff(), referral) else None


def _origin(case: Case) -> dict[str, Any]:
    """The referral a unit's case was made from (for the unit's case page)."""
    return {"origin": intake_for_case(case)}


add_case_panel("referrals/_intake_origin.html", order=5, context=_origin, roles=CASE_ROLES)


@bp.post("/referrals/<uuid:referral_id>/take-in")
@roles(*CASE_ROLES)
def take_into_management(referral_id: uuid.UUID):
    """Open the unit's own case from the accepted referral, in one step."""
    user = current_staff()
    referral = find_referral(referral_id, lock=True)
    if referral is None or not may_take_in(user, referral):
        record("denied", object_type="referral", object_id=referral.id if referral else None,
               case_ref=referral.case.reference if referral else None, outcome="denied")
        abort(404)
    form = TakeInForm()
    back = redirect(url_for("referrals.show", referral_id=referral_id))
    if not form.validate_on_submit():
        flash(_("Some answers need attention; nothing was made."), "error")
        return back
    try:
        case = take_in(referral, user, form.consent())
    except ReferralError as exc:
        case_ref = referral.case.reference
        db.session.rollback()
        record("take_in", object_type="referral", object_id=referral_id, outcome="refused",
               case_ref=case_ref)
        flash(exc.message(), "error")
        return back
    flash(_("Your unit's own case %(ref)s is open and assigned to you.", ref=case.reference),
          "success")
    return redirect(url_for("cases.show", reference=case.reference))
