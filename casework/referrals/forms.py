"""Forms of the referral workflow: refer, respond, record a service, complete, withdraw."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from casework.accounts.models import Organisation
from casework.cases import categories as cat
from casework.cases.forms import MultiCheckboxField
from casework.children.categories import CHILD_ASSENT
from casework.referrals.directory import find_unit, is_near
from casework.referrals.errors import NotAServiceUnit
from casework.referrals.models import SHARED_GROUPS, URGENCIES

SHORT_TEXT = 1000
LONG_TEXT = 5000


def unit_groups(home: Organisation, units: list[Organisation]) -> list[tuple[str, list]]:
    """The unit select's option groups: her regency's units first, then the others."""
    def option(unit: Organisation) -> tuple[str, str]:
        return str(unit.id), f"{unit.name} · {unit.kind_label} · {unit.region_code or '—'}"

    near = [option(u) for u in units if is_near(home, u)]
    far = [option(u) for u in units if not is_near(home, u)]
    groups = [(_("In your region"), near), (_("Other regions"), far)]
    return [(label, options) for label, options in groups if options]


class ReferralForm(FlaskForm):
    """A new referral: the unit, the services, urgency, a reason, and her consent."""

    unit = SelectField(_l("Refer to"), validate_choice=False)
    # No DataRequired here: it would mark every checkbox `required`, and a browser would then
    # insist on all of them; validate_services asks for at least one instead.
    services = MultiCheckboxField(_l("Services requested"))
    urgency = SelectField(_l("Urgency"), [InputRequired()])
    reason = TextAreaField(_l("Reason for the referral"), [DataRequired(), Length(max=SHORT_TEXT)])
    consent_given = BooleanField(_l("She agrees to this referral, to this unit"))
    consent_given_by = SelectField(_l("Consent given by"), [InputRequired()])
    guardian_note = TextAreaField(
        _l("Guardian or supervisor's reason"), [Optional(), Length(max=2000)]
    )
    # A child's own view, beside her guardian's consent (the rule: cases.rules).
    child_assent = SelectField(_l("The child's own view (for a child)"), [Optional()])
    groups = MultiCheckboxField(_l("She agrees to share"), [Optional()])
    nik_agreed = BooleanField(
        _l("She explicitly agrees that her NIK goes to this unit, although it is not Dukcapil")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.services.choices = cat.choice_list(cat.SERVICES)
        self.urgency.choices = cat.choice_list(URGENCIES)
        self.consent_given_by.choices = cat.choice_list(cat.CONSENT_GIVERS)
        self.child_assent.choices = cat.choice_list(CHILD_ASSENT, blank=True)
        self.groups.choices = cat.choice_list(SHARED_GROUPS)
        self.chosen_unit: Organisation | None = None

    def validate_unit(self, field) -> None:
        """The unit must be an active service unit (a forged id is refused here)."""
        try:
            self.chosen_unit = find_unit(field.data)
        except NotAServiceUnit as exc:
            raise ValidationError(exc.message()) from None

    def validate_services(self, field) -> None:
        """At least one service must be requested."""
        if not field.data:
            raise ValidationError(_("Choose at least one service."))

    def validate_consent_given(self, field) -> None:
        """No consent, no referral."""
        if not field.data:
            raise ValidationError(_("A referral can only be made with the survivor's consent to it."))

    def consent(self) -> dict:
        """Her consent as the operation expects it."""
        return {"given": self.consent_given.data, "given_by": self.consent_given_by.data,
                "guardian_note": self.guardian_note.data, "groups": self.groups.data or [],
                "nik_agreed": self.nik_agreed.data, "child_assent": self.child_assent.data}


class DeclineForm(FlaskForm):
    """Declining a referral needs a reason the sender will read."""

    reason = TextAreaField(_l("Why the unit declines"), [DataRequired(), Length(max=SHORT_TEXT)])


class ServiceForm(FlaskForm):
    """A service the unit gave: type, date, GBVIMS outcome, and for Dukcapil the document."""

    service_type = SelectField(_l("Service"), [InputRequired()])
    delivered_on = DateField(_l("Date given"), [DataRequired()], default=date.today)
    outcome = SelectField(_l("Outcome"), [InputRequired()])
    document_type = SelectField(_l("Document requested"), [Optional()])
    document_issued = BooleanField(_l("The document was issued"))
    note = TextAreaField(_l("Note"), [Optional(), Length(max=LONG_TEXT)])

    def __init__(self, *args, services: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = services if services is not None else list(cat.SERVICES)
        self.service_type.choices = [(c, cat.label(cat.SERVICES, c)) for c in offered]
        self.outcome.choices = cat.choice_list(cat.SERVICE_OUTCOMES, blank=True)
        self.document_type.choices = cat.choice_list(cat.CIVIL_DOCUMENTS, blank=True)


class CompleteForm(FlaskForm):
    """Completing a referral with a closing note."""

    note = TextAreaField(_l("Closing note"), [DataRequired(), Length(max=LONG_TEXT)])


class WithdrawForm(FlaskForm):
    """The sender withdraws a referral (the reason is optional and encrypted)."""

    reason = TextAreaField(_l("Reason (optional)"), [Optional(), Length(max=SHORT_TEXT)])


class ConsentWithdrawalForm(FlaskForm):
    """The survivor withdrew her consent to this referral."""

    confirm = BooleanField(_l("She has withdrawn her consent to this referral"), [DataRequired()])
    reason = TextAreaField(_l("Note (optional)"), [Optional(), Length(max=SHORT_TEXT)])


class DirectoryForm(FlaskForm):
    """The services a unit offers, as the directory lists them."""

    services = MultiCheckboxField(_l("Services offered"), [Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.services.choices = cat.choice_list(cat.SERVICES)
