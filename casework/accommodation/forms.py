"""The disability and accommodation questions, part of the case intake and edit forms."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from casework.accommodation import categories as acc
from casework.accommodation.errors import unknown_disability_message
from casework.cases import categories as cat


class _Checkboxes(SelectMultipleField):
    """Checkboxes whose unknown values the form's own check refuses with a clear message
    (WTForms' own says only "not a valid choice")."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, validate_choice=False, **kwargs)


class AccommodationFields(FlaskForm):
    """Her disability types (several allowed) and the accommodation she needs."""

    disability_types = _Checkboxes(_l("Disability (UU 8/2016): tick all that apply"), [Optional()])
    accommodations = _Checkboxes(_l("Accommodation she needs"), [Optional()])
    accommodation_other = StringField(_l("Other accommodation"), [Optional(), Length(max=200)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.disability_types.choices = cat.choice_list(acc.DISABILITY_ANSWERS)
        self.accommodations.choices = cat.choice_list(acc.ACCOMMODATIONS)

    def validate_disability_types(self, field) -> None:
        """Only UU 8/2016's types, and "none" only alone."""
        codes = field.data or []
        if set(codes) - set(acc.DISABILITY_ANSWERS):
            raise ValidationError(unknown_disability_message())
        if "none" in codes and len(codes) > 1:
            raise ValidationError(_("Tick 'No disability', or the types of disability, not both."))

    def validate_accommodations(self, field) -> None:
        """Only the listed accommodations; "other" says which."""
        codes = field.data or []
        if set(codes) - set(acc.ACCOMMODATIONS):
            raise ValidationError(_("Choose the accommodations from the list, or write the "
                                    "need under 'Other accommodation'."))
        if "other" in codes and not (self.accommodation_other.data or "").strip():
            raise ValidationError(_("Write which other accommodation she needs."))
