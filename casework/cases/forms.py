"""The intake and edit forms of a case, laid out in sections a phone can fill."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from casework.accommodation.forms import AccommodationFields
from casework.cases import categories as cat
from casework.cases.rules import SEXUAL_GBV_TYPES
from casework.cases.validation import (
    age_band_for,
    region_validator,
    validate_nik,
    validate_past_date,
    validate_phone,
)
from casework.clean_input import plain_name
from casework.i18n import local_today
from casework.perpetrators.forms import FirstPerpetratorFields

TEXT = 200
LONG_TEXT = 20000


class MultiCheckboxField(SelectMultipleField):
    """A multi-select drawn as checkboxes, which work on every phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(choices: dict) -> list[tuple[str, str]]:
    """Choices with an empty first option."""
    return cat.choice_list(choices, blank=True)


class CaseDetailsForm(AccommodationFields):
    """The survivor, safe contact and incident sections, shared by intake and edit."""

    name = StringField(_l("Full name"), [DataRequired(), Length(max=TEXT), plain_name])
    alias = StringField(_l("Called by / alias"), [Optional(), Length(max=TEXT), plain_name])
    nik = StringField(_l("NIK"), [Optional(), validate_nik])
    date_of_birth = DateField(_l("Date of birth"), [Optional(), validate_past_date])
    intake_channel = SelectField(_l("How the case came in"), [Optional()])
    sex = SelectField(_l("Sex"), [InputRequired()])
    age_band = SelectField(_l("Age at report"), [Optional()])
    education = SelectField(_l("Education"), [Optional()])
    occupation = SelectField(_l("Occupation"), [Optional()])
    marital_status = SelectField(_l("Marital status"), [Optional()])
    phone = StringField(_l("Phone"), [Optional(), validate_phone])
    address = TextAreaField(_l("Address"), [Optional(), Length(max=1000)])
    province_code = StringField(_l("Province code"), [Optional(), region_validator(2)])
    regency_code = StringField(
        _l("Regency/city code"), [Optional(), region_validator(4, "province_code")]
    )
    district_code = StringField(
        _l("District code"), [Optional(), region_validator(6, "regency_code")]
    )
    village_code = StringField(
        _l("Village (desa/kelurahan) code"), [Optional(), region_validator(10, "district_code")]
    )
    safe_phone = StringField(_l("Safe phone number"), [Optional(), validate_phone])
    safe_time = StringField(_l("Safe times to call"), [Optional(), Length(max=TEXT)])
    may_leave_message = SelectField(_l("May a message be left?"), [Optional()])
    code_word = StringField(_l("Code word"), [Optional(), Length(max=TEXT)])
    incident_date = DateField(_l("Date of incident"), [Optional(), validate_past_date])
    forms = MultiCheckboxField(_l("Forms of violence"), [DataRequired()])
    gbv_type = SelectField(_l("GBVIMS type (first that applies)"), [InputRequired()])
    tpks_crimes = MultiCheckboxField(_l("Sexual-violence crimes (UU TPKS art. 4)"), [Optional()])
    place = SelectField(_l("Place of incident"), [Optional()])
    narrative = TextAreaField(_l("What happened"), [Optional(), Length(max=LONG_TEXT)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.intake_channel.choices = _choices(cat.INTAKE_CHANNELS)
        self.sex.choices = _choices(cat.SEXES)
        self.age_band.choices = _choices(cat.AGE_BANDS)
        self.education.choices = _choices(cat.EDUCATION)
        self.occupation.choices = _choices(cat.OCCUPATIONS)
        self.marital_status.choices = _choices(cat.MARITAL_STATUSES)
        self.may_leave_message.choices = cat.choice_list(cat.MESSAGE_PERMISSION)
        self.forms.choices = cat.choice_list(cat.VIOLENCE_FORMS)
        self.gbv_type.choices = _choices(cat.GBV_TYPES)
        self.tpks_crimes.choices = cat.choice_list(cat.TPKS_CRIMES)
        self.place.choices = _choices(cat.PLACES)

    def validate_sex(self, field) -> None:
        """Sex must be chosen (needed for the statistics)."""
        if not field.data:
            raise ValidationError(_("Choose one."))

    def validate_gbv_type(self, field) -> None:
        """The GBVIMS type must be chosen."""
        if not field.data:
            raise ValidationError(_("Choose the first type that applies."))

    def validate_age_band(self, field) -> None:
        """Age band is needed unless a date of birth gives it."""
        if self.date_of_birth.data and not self.date_of_birth.errors:
            field.data = age_band_for(self.date_of_birth.data, local_today())
        elif not field.data:
            raise ValidationError(_("Choose the age band, or give the date of birth."))

    def validate_tpks_crimes(self, field) -> None:
        """UU TPKS crimes belong to sexual violence only."""
        if field.data and "sexual" not in (self.forms.data or []):
            raise ValidationError(_("Choose 'Sexual' among the forms of violence first."))

    def validate_forms(self, field) -> None:
        """The GBVIMS type and the SIMFONI-PPA forms agree: rape or sexual assault is sexual."""
        if self.gbv_type.data in SEXUAL_GBV_TYPES and "sexual" not in (field.data or []):
            raise ValidationError(_(
                "The GBVIMS type '%(type)s' is sexual violence: tick 'Sexual' among the forms "
                "of violence.", type=cat.label(cat.GBV_TYPES, self.gbv_type.data)))


class CaseIntakeForm(FirstPerpetratorFields, CaseDetailsForm):
    """Intake: consent first, then the details."""

    # Required at intake (validate_intake_channel), optional when an older case is edited.
    intake_channel = SelectField(_l("How the case came in"))
    consent_record = BooleanField(_l("She agrees that this case is recorded"))
    consent_given_by = SelectField(_l("Consent given by"), [InputRequired()])
    guardian_note = TextAreaField(
        _l("Guardian or supervisor's reason"), [Optional(), Length(max=2000)]
    )
    consent_contact = BooleanField(_l("She agrees to be contacted"))
    consent_statistics = BooleanField(
        _l("She agrees that her anonymous data is counted in statistics")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.consent_given_by.choices = cat.choice_list(cat.CONSENT_GIVERS)
        self.set_perpetrator_choices()

    def validate_intake_channel(self, field) -> None:
        """A new case says how it came in."""
        if not field.data:
            raise ValidationError(_("Choose how the case came in."))

    def validate_consent_record(self, field) -> None:
        """No case without the survivor's consent to record it."""
        if not field.data:
            raise ValidationError(_("A case can only be recorded with her consent."))

    def validate_consent_given_by(self, field) -> None:
        """A child's consent comes with a guardian's, or a supervisor's stated reason."""
        child = self.age_band.data in cat.CHILD_AGE_BANDS
        if child and field.data == "survivor":
            raise ValidationError(_("For a child, record consent with her guardian."))
        if field.data in ("guardian", "supervisor") and not self.guardian_note.data:
            raise ValidationError(_("Name the guardian, or give the supervisor's reason."))


class CaseEditForm(CaseDetailsForm):
    """Editing: the details plus the version the form was opened at."""

    version = HiddenField()



class NoteForm(FlaskForm):
    """A note on a case."""

    body = TextAreaField(_l("Note"), [DataRequired(), Length(max=LONG_TEXT)])


class CloseForm(FlaskForm):
    """Closing a case: a reason and a final note."""

    reason = SelectField(_l("Reason for closing"), [InputRequired()])
    note = TextAreaField(_l("Final note"), [DataRequired(), Length(max=LONG_TEXT)])
    version = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = _choices(cat.CLOSE_REASONS)

    def validate_reason(self, field) -> None:
        """A reason must be chosen."""
        if not field.data:
            raise ValidationError(_("Choose a reason."))


class ReopenForm(FlaskForm):
    """Reopening a closed case: why."""

    reason = TextAreaField(_l("Why is the case reopened?"), [DataRequired(), Length(max=2000)])
    version = HiddenField()


class ClosureDecisionForm(FlaskForm):
    """A supervisor's answer to a request to close a case."""

    decision = SelectField(_l("Decision"), [InputRequired()])
    note = TextAreaField(_l("Note to the paralegal"), [Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.decision.choices = [("", "—"), ("approve", _("Approve: close the case")),
                                 ("refuse", _("Refuse: keep the case open"))]

    def validate_decision(self, field) -> None:
        """The supervisor must approve or refuse."""
        if field.data not in ("approve", "refuse"):
            raise ValidationError(_("Choose one."))

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks; a refusal also says why, so the paralegal knows what is left."""
        valid = super().validate(extra_validators)
        if self.decision.data == "refuse" and not (self.note.data or "").strip():
            self.note.errors = [*self.note.errors, _("Say why the case must stay open.")]
            return False
        return valid


class AssignForm(FlaskForm):
    """A supervisor assigns a paralegal to a case."""

    # A paralegal, or a unit's own case manager (its service staff): see works_cases.
    paralegal = SelectField(_l("Paralegal / case manager"), [InputRequired()])
    replace = BooleanField(_l("Take the case away from the paralegals assigned now"), default=True)

    def validate_paralegal(self, field) -> None:
        """A paralegal must be chosen."""
        if not field.data:
            raise ValidationError(_("Choose one."))
