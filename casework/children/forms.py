"""The guardian form and the child-friendly interview form."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from casework.cases import categories as cat
from casework.cases.forms import MultiCheckboxField
from casework.cases.validation import validate_past_date
from casework.children import categories as child_cat
from casework.clean_input import plain_name


class GuardianForm(FlaskForm):
    """Who the child's guardian or caregiver is, and whether she is safe for the child."""

    name = StringField(_l("Guardian's or caregiver's name"), [DataRequired(), Length(max=200), plain_name])
    relationship = SelectField(_l("Relationship to the child"), [InputRequired()])
    perpetrator_link = SelectField(_l("Connection to the perpetrator"), [InputRequired()])
    safe_to_contact = BooleanField(_l("It is safe to contact the guardian"))
    contact = StringField(_l("Guardian's contact (phone or how to reach her)"),
                          [Optional(), Length(max=200)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.relationship.choices = cat.choice_list(child_cat.GUARDIAN_RELATIONSHIPS, blank=True)
        self.perpetrator_link.choices = cat.choice_list(child_cat.PERPETRATOR_LINKS, blank=True)

    def validate_relationship(self, field) -> None:
        """A relationship must be chosen."""
        if field.data not in child_cat.GUARDIAN_RELATIONSHIPS:
            raise ValidationError(_("Choose one."))

    def validate_perpetrator_link(self, field) -> None:
        """The connection to the perpetrator must be answered: it decides who consents."""
        if field.data not in child_cat.PERPETRATOR_LINKS:
            raise ValidationError(_("Choose one."))

    def validate_contact(self, field) -> None:
        """No contact kept unless it is safe to use."""
        if (field.data or "").strip() and not self.safe_to_contact.data:
            raise ValidationError(_("Leave the contact empty unless it is safe to contact "
                                    "the guardian."))


class ChildInterviewForm(FlaskForm):
    """A child-friendly interview: when, how it was adapted, who was present, what was said."""

    interviewed_on = DateField(_l("Date of the interview"), [DataRequired(), validate_past_date])
    adaptations = MultiCheckboxField(_l("How the interview was adapted for the child"),
                                     [DataRequired()])
    present = TextAreaField(_l("Who was present"), [DataRequired(), Length(max=1000)])
    note = TextAreaField(_l("Note"), [DataRequired(), Length(max=20000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.adaptations.choices = cat.choice_list(child_cat.INTERVIEW_ADAPTATIONS)
