"""Forms of case management: assessment, safety plan, goals, actions, follow-ups, services."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from casework.cases import categories as cat
from casework.i18n import local_today
from casework.plans import categories as plan_cat
from casework.plans.models import SAFETY_PLAN_FIELDS as SAFETY_PLAN_STEPS

NOTE = 2000
PLAN_TEXT = 5000
LONG_TEXT = 20000


def _blank(choices: dict) -> list[tuple[str, str]]:
    """Choices with an empty first option."""
    return cat.choice_list(choices, blank=True)


def _chosen(field) -> None:
    """An empty choice is refused with the same words everywhere."""
    if not field.data:
        raise ValidationError(_("Choose one."))


def _not_future(form, field) -> None:
    """A date of something that already happened."""
    if field.data and field.data > local_today():
        raise ValidationError(_("This date cannot be in the future."))


def _not_past(form, field) -> None:
    """A date still to come (today counts)."""
    if field.data and field.data < local_today():
        raise ValidationError(_("This date is in the past; choose today or a later date."))


class AssessmentForm(FlaskForm):
    """Needs and risk: an urgency and a note for each area, and the overall risk."""

    based_on = HiddenField()
    risk_level = SelectField(_l("Risk level"), [InputRequired()])
    summary = TextAreaField(_l("Risk and needs summary"), [Optional(), Length(max=LONG_TEXT)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.risk_level.choices = _blank(cat.RISK_LEVELS)
        for area in plan_cat.NEED_AREAS:
            getattr(self, f"{area}_urgency").choices = cat.choice_list(plan_cat.URGENCIES)

    def validate_risk_level(self, field) -> None:
        """The risk level must be chosen."""
        _chosen(field)

    def areas(self) -> list[tuple[str, object, object]]:
        """(label, urgency field, note field) for each area, in order."""
        return [(label, self[f"{code}_urgency"], self[f"{code}_note"])
                for code, label in plan_cat.NEED_AREAS.items()]


for _code, _label in plan_cat.NEED_AREAS.items():
    setattr(AssessmentForm, f"{_code}_urgency",
            SelectField(_l("Urgency"), [Optional()], default="none"))
    setattr(AssessmentForm, f"{_code}_note",
            TextAreaField(_l("What she needs"), [Optional(), Length(max=NOTE)]))


class SafetyPlanForm(FlaskForm):
    """The safety plan's concrete steps, written with her."""

    based_on = HiddenField()
    safe_places = TextAreaField(_l("Safe places she can go"), [Optional(), Length(max=PLAN_TEXT)])
    trusted_people = TextAreaField(_l("People she trusts"), [Optional(), Length(max=PLAN_TEXT)])
    signals = TextAreaField(_l("Signals agreed with them"), [Optional(), Length(max=PLAN_TEXT)])
    emergency_contacts = TextAreaField(_l("Emergency contacts"),
                                       [Optional(), Length(max=PLAN_TEXT)])
    leaving_kit = TextAreaField(_l("What to take when leaving"),
                                [Optional(), Length(max=PLAN_TEXT)])
    other_steps = TextAreaField(_l("Other steps"), [Optional(), Length(max=PLAN_TEXT)])
    copy_status = SelectField(_l("Printed copy"), [InputRequired()], default="not_offered")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.copy_status.choices = cat.choice_list(plan_cat.COPY_CHOICES)

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, and at least one step written."""
        valid = super().validate(extra_validators)
        if not any((self[name].data or "").strip() for name in SAFETY_PLAN_STEPS):
            self.safe_places.errors = [*self.safe_places.errors,
                                       _("Write at least one step of the plan.")]
            return False
        return valid


class SafetyReviewForm(FlaskForm):
    """A date the plan was revisited with her."""

    reviewed_on = DateField(_l("Revisited on"), [InputRequired(), _not_future])
    note = TextAreaField(_l("What changed"), [Optional(), Length(max=NOTE)])


class CopyForm(FlaskForm):
    """Whether she kept the printed plan."""

    copy_status = SelectField(_l("Printed copy"), [InputRequired()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.copy_status.choices = cat.choice_list(plan_cat.COPY_CHOICES)


class GoalForm(FlaskForm):
    """A goal for one area of need."""

    area = SelectField(_l("Area of need"), [InputRequired()])
    description = TextAreaField(_l("Goal"), [DataRequired(), Length(max=NOTE)])
    status = SelectField(_l("Status"), [Optional()], default="open")
    version = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.area.choices = _blank(plan_cat.NEED_AREAS)
        self.status.choices = cat.choice_list(plan_cat.GOAL_STATUSES)

    def validate_area(self, field) -> None:
        """The area must be chosen."""
        _chosen(field)


class ActionForm(FlaskForm):
    """An action towards a goal: what, who, by when, how far."""

    description = TextAreaField(_l("Action"), [DataRequired(), Length(max=NOTE)])
    responsible_kind = SelectField(_l("Who is responsible"), [InputRequired()])
    colleague = SelectField(_l("Colleague"), [Optional()], validate_choice=False)
    referral = SelectField(_l("Referral"), [Optional()], validate_choice=False)
    unit = SelectField(_l("Unit"), [Optional()], validate_choice=False)
    due_on = DateField(_l("Due date"), [InputRequired()])
    status = SelectField(_l("Status"), [Optional()], default="planned")
    version = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.responsible_kind.choices = _blank(plan_cat.RESPONSIBLE_KINDS)
        self.status.choices = cat.choice_list(plan_cat.ACTION_STATUSES)

    def validate_responsible_kind(self, field) -> None:
        """Someone must be responsible; a colleague, referral or unit must then be named."""
        _chosen(field)
        named = {"colleague": self.colleague, "referral": self.referral, "unit": self.unit}
        if field.data in named and not named[field.data].data:
            named[field.data].errors = [*named[field.data].errors, _("Choose one.")]
            raise ValidationError(_("Name who is responsible below."))


class FollowUpForm(FlaskForm):
    """A contact with her: when, how, what came of it, and when next."""

    contact_on = DateField(_l("Date of contact"), [InputRequired(), _not_future])
    method = SelectField(_l("Contact by"), [InputRequired()])
    outcome = SelectField(_l("Outcome"), [InputRequired()])
    note = TextAreaField(_l("Note"), [Optional(), Length(max=LONG_TEXT)])
    next_on = DateField(_l("Next follow-up"), [Optional(), _not_past])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.method.choices = _blank(plan_cat.FOLLOWUP_METHODS)
        self.outcome.choices = _blank(plan_cat.FOLLOWUP_OUTCOMES)

    def validate_method(self, field) -> None:
        """The way of contact must be chosen."""
        _chosen(field)

    def validate_outcome(self, field) -> None:
        """The outcome must be chosen."""
        _chosen(field)


class ServiceForm(FlaskForm):
    """A service the organisation itself gave, with its GBVIMS outcome."""

    service_type = SelectField(_l("Service"), [InputRequired()])
    delivered_on = DateField(_l("Date"), [InputRequired(), _not_future])
    outcome = SelectField(_l("Outcome (GBVIMS)"), [InputRequired()])
    note = TextAreaField(_l("Note"), [Optional(), Length(max=NOTE)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.service_type.choices = [("", "—")] + [
            (code, str(cat.SERVICES[code])) for code in plan_cat.OWN_SERVICES
        ]
        self.outcome.choices = _blank(cat.SERVICE_OUTCOMES)

    def validate_service_type(self, field) -> None:
        """The service must be chosen."""
        _chosen(field)

    def validate_outcome(self, field) -> None:
        """The outcome must be chosen."""
        _chosen(field)
