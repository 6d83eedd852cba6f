"""The perpetrator form of the case page, and the intake form's first-perpetrator section."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from casework.cases import categories as cat
from casework.clean_input import plain_name

TEXT = 200
LONG_TEXT = 20000


def _choices(choices: dict) -> list[tuple[str, str]]:
    """Choices with an empty first option: any answer may be unknown."""
    return cat.choice_list(choices, blank=True)


def child_mismatch(age_band: str | None, is_child: bool) -> str | None:
    """Why an age band and the child box disagree, or None."""
    if not age_band:
        return None
    if age_band in cat.CHILD_AGE_BANDS and not is_child:
        return _("An age band under 18 is a child's: tick 'The perpetrator is a child'.")
    if age_band not in cat.CHILD_AGE_BANDS and is_child:
        return _("This age band is an adult's: untick 'The perpetrator is a child' or "
                 "choose an age band under 18.")
    return None


class PerpetratorForm(FlaskForm):
    """One perpetrator: a name or alias, the categories SIMFONI-PPA asks for, free text."""

    name = StringField(_l("Name or alias"), [Optional(), Length(max=TEXT), plain_name])
    relationship = SelectField(_l("Relationship to the survivor"), [Optional()])
    sex = SelectField(_l("Sex"), [Optional()])
    age_band = SelectField(_l("Age"), [Optional()])
    is_child = BooleanField(_l("The perpetrator is a child"))
    education = SelectField(_l("Education"), [Optional()])
    occupation = SelectField(_l("Occupation"), [Optional()])
    harmed_others = BooleanField(_l("Known to have harmed others"))
    details = TextAreaField(_l("About the perpetrator"), [Optional(), Length(max=LONG_TEXT)])
    version = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.relationship.choices = _choices(cat.RELATIONSHIPS)
        self.sex.choices = _choices(cat.SEXES)
        self.age_band.choices = _choices(cat.AGE_BANDS)
        self.education.choices = _choices(cat.EDUCATION)
        self.occupation.choices = _choices(cat.OCCUPATIONS)

    def validate_is_child(self, field) -> None:
        """The child box agrees with the age band."""
        problem = child_mismatch(self.age_band.data, field.data)
        if problem:
            raise ValidationError(problem)


class FirstPerpetratorFields:
    """The intake form's questions about the first perpetrator (all optional)."""

    perpetrator_name = StringField(_l("Perpetrator's name or alias"),
                                   [Optional(), Length(max=TEXT), plain_name])
    perpetrator_relationship = SelectField(_l("Perpetrator's relationship"), [Optional()])
    perpetrator_sex = SelectField(_l("Perpetrator's sex"), [Optional()])
    perpetrator_age_band = SelectField(_l("Perpetrator's age"), [Optional()])
    perpetrator_is_child = BooleanField(_l("The perpetrator is a child"))
    perpetrator_education = SelectField(_l("Perpetrator's education"), [Optional()])
    perpetrator_occupation = SelectField(_l("Perpetrator's occupation"), [Optional()])
    perpetrator_harmed_others = BooleanField(_l("Known to have harmed others"))
    perpetrator_details = TextAreaField(
        _l("About the perpetrator"), [Optional(), Length(max=LONG_TEXT)]
    )

    def set_perpetrator_choices(self) -> None:
        """Fill the select lists (called from the form's __init__)."""
        self.perpetrator_relationship.choices = _choices(cat.RELATIONSHIPS)
        self.perpetrator_sex.choices = _choices(cat.SEXES)
        self.perpetrator_age_band.choices = _choices(cat.AGE_BANDS)
        self.perpetrator_education.choices = _choices(cat.EDUCATION)
        self.perpetrator_occupation.choices = _choices(cat.OCCUPATIONS)

    def validate_perpetrator_is_child(self, field) -> None:
        """The child box agrees with the age band."""
        problem = child_mismatch(self.perpetrator_age_band.data, field.data)
        if problem:
            raise ValidationError(problem)
