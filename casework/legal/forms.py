"""The form of one legal step; which fields it shows depends on the step's kind."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from casework.cases import categories as cat
from casework.i18n import local_today
from casework.legal import categories as legal_cat

SHORT = 200
LONG = 2000
# Rupiah as typed: 1500000, 1.500.000 or 1,500,000 (an optional "Rp" before it).
AMOUNT = re.compile(r"^(?P<sign>-?)(?P<digits>\d{1,3}(?:[.,]\d{3})+|\d+)$")
MAX_AMOUNT = 10**15


def parse_amount(raw: str | None) -> int | None:
    """A rupiah amount as a whole number; None when blank; ValueError when not one."""
    text = (raw or "").strip().replace(" ", "")
    text = re.sub(r"^(?i:rp)\.?", "", text)
    if not text:
        return None
    match = AMOUNT.match(text)
    if match is None:
        raise ValueError(_("Write the amount in rupiah as a whole number, for example 1500000."))
    if match["sign"]:
        raise ValueError(_("The amount cannot be negative."))
    value = int(re.sub(r"[.,]", "", match["digits"]))
    if value >= MAX_AMOUNT:
        raise ValueError(_("This amount is too large; check the number of digits."))
    return value


def _not_future(form, field) -> None:
    """The date of something that already happened."""
    if field.data and field.data > local_today():
        raise ValidationError(_("This date cannot be in the future."))


class LegalStepForm(FlaskForm):
    """One step: its date, who accompanied her, and the fields of its kind."""

    kind = HiddenField()
    version = HiddenField()
    step_on = DateField(_l("Date"), [InputRequired(), _not_future])
    accompanied_by_org = SelectField(_l("Accompanied by (organisation in the system)"),
                                     [Optional()], choices=[])
    accompanied_by = StringField(_l("Or accompanied by (name of person or organisation)"),
                                 [Optional(), Length(max=SHORT)])
    report_number = StringField(_l("Police report number"), [Optional(), Length(max=80)])
    police_unit = StringField(_l("Police unit"), [Optional(), Length(max=SHORT)])
    sentence = TextAreaField(_l("Sentence"), [Optional(), Length(max=LONG)])
    decision = SelectField(_l("Decision"), [Optional()],
                           choices=cat.choice_list(legal_cat.RESTITUTION_DECISIONS, blank=True))
    amount = StringField(_l("Amount (rupiah)"), [Optional(), Length(max=40)])
    ordered_by = SelectField(_l("Granted by"), [Optional()],
                             choices=cat.choice_list(legal_cat.ORDERED_BY, blank=True))
    starts_on = DateField(_l("In force from"), [Optional()])
    ends_on = DateField(_l("In force until"), [Optional()])
    restrictions = TextAreaField(_l("Restrictions on the perpetrator"),
                                 [Optional(), Length(max=LONG)])
    provider_org = SelectField(_l("Legal aid organisation in the system"), [Optional()],
                               choices=[])
    provider_name = StringField(_l("Or the provider's name"), [Optional(), Length(max=SHORT)])

    def kind_fields(self) -> list:
        """The fields this step's kind asks for, in order."""
        return [self[name] for name in legal_cat.fields_of(self.kind.data or "")]

    def amount_value(self) -> int | None:
        """The amount typed, as a whole number of rupiah (after validation)."""
        return parse_amount(self.amount.data)

    def validate_kind(self, field) -> None:
        """Only a known kind of step."""
        if field.data not in legal_cat.STEP_KINDS:
            raise ValidationError(_("Choose one."))

    def validate_amount(self, field) -> None:
        """A whole, non-negative number of rupiah."""
        try:
            parse_amount(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def validate(self, extra_validators=None) -> bool:
        """The field rules, then what the step's kind needs."""
        valid = super().validate(extra_validators)
        kind = self.kind.data
        needed = {
            "restitution_decided": ["decision"],
            "restitution_paid": ["amount"],
            "protection_order_granted": ["ordered_by", "starts_on", "ends_on"],
        }.get(kind, [])
        if kind == "restitution_decided" and self.decision.data == "granted":
            needed.append("amount")
        for name in needed:
            field = self[name]
            if not field.errors and field.data in (None, ""):
                field.errors = [*field.errors, _("This is needed for this step.")]
                valid = False
        if kind == "legal_aid" and not (self.provider_org.data or self.provider_name.data):
            self.provider_name.errors = [
                *self.provider_name.errors,
                _("Choose the legal aid organisation or write the provider's name.")]
            valid = False
        if (kind == "protection_order_granted" and self.starts_on.data and self.ends_on.data
                and self.ends_on.data < self.starts_on.data):
            self.ends_on.errors = [*self.ends_on.errors,
                                   _("The order cannot end before it starts.")]
            valid = False
        return valid
