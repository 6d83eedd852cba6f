"""The access log's filters: person, case reference, action, outcome, flag and dates."""

from __future__ import annotations

import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from casework.accounts.models import User
from casework.i18n import FIRST_YEAR, LAST_YEAR

REASON_MIN, REASON_MAX = 10, 500

# What the log records (tests/audit/test_every_action_has_a_label.py finds every action the
# code records and fails for one missing here); an unknown action in an old log is still
# shown, under its own name.
ACTIONS = {
    "view": _l("Viewed"),
    "list": _l("Listed"),
    "search": _l("Searched"),
    "create": _l("Created"),
    "update": _l("Changed"),
    "close": _l("Closed"),
    "reopen": _l("Reopened"),
    "delete": _l("Deleted"),
    "purge": _l("Purged"),
    "export": _l("Exported"),
    "download": _l("Downloaded"),
    "refer": _l("Referred"),
    "accept": _l("Accepted a referral"),
    "decline": _l("Declined a referral"),
    "withdraw": _l("Withdrew a referral"),
    "complete": _l("Completed a referral"),
    "assign": _l("Assigned"),
    "unassign": _l("Ended an assignment"),
    "print": _l("Printed"),
    "request_close": _l("Asked to close"),
    "approve_close": _l("Approved closing"),
    "refuse_close": _l("Refused closing"),
    "consent_withdrawn": _l("Recorded consent withdrawal"),
    "duplicate_check": _l("Checked for duplicates"),
    "mark_duplicate": _l("Marked as duplicate"),
    "break_glass": _l("Opened without assignment (break-glass)"),
    "password_ok": _l("Password accepted, second step pending"),
    "login": _l("Logged in"),
    "login_failed": _l("Failed login"),
    "logout": _l("Logged out"),
    "password_change": _l("Changed password"),
    "mfa_change": _l("Changed second factor"),
    "mfa_enrol": _l("Set up second factor"),
    "recovery_codes": _l("New recovery codes"),
    "mfa_reset": _l("Second factor reset"),
    "mfa_removed": _l("Turned off second factor"),
    "password_reset": _l("Password reset"),
    "activate": _l("Account enabled"),
    "deactivate": _l("Account disabled"),
    "revoke_sessions": _l("Sessions ended"),
    "unlock": _l("Login lock lifted"),
    "rate_limited": _l("Stopped: too many requests"),
    "session_expired": _l("Session timed out"),
    "session_refused": _l("Refused an ended session"),
    "csrf_failed": _l("Refused a form without a valid security token"),
    "keys_rotate": _l("Rotated keys"),
    "keys_reencrypt": _l("Re-encrypted data"),
    "keys_retire": _l("Retired a key"),
    "backup_create": _l("Made a backup"),
    "backup_restore": _l("Restored a backup"),
    "denied": _l("Refused access"),
    "decrypt_failed": _l("Unreadable stored value"),
    "take_in": _l("Took a referral into case management"),
    "propose_transfer": _l("Proposed a transfer"),
    "accept_transfer": _l("Accepted a transfer"),
    "decline_transfer": _l("Declined a transfer"),
    "withdraw_transfer": _l("Withdrew a transfer proposal"),
    "audit_acknowledge": _l("Acknowledged a broken range of the access log"),
}
OBJECT_TYPES = {
    "case": _l("case"),
    "note": _l("note"),
    "referral": _l("referral"),
    "attachment": _l("attachment"),
    "plan": _l("case plan"),
    "assessment": _l("assessment"),
    "safety_plan": _l("safety plan"),
    "safety_review": _l("safety plan revisit"),
    "goal": _l("goal"),
    "action": _l("action"),
    "followup": _l("follow-up"),
    "closure_request": _l("closing request"),
    "timeline": _l("timeline"),
    "agenda": _l("agenda"),
    "supervision": _l("supervision list"),
    "report_tables": _l("statistics tables"),
    "simfoni": _l("SIMFONI-PPA export"),
    "gbvims": _l("GBVIMS export"),
    "village_report": _l("village data pilah"),
    "keyring": _l("keyring"),
    "service": _l("service"),
    "search": _l("search"),
    "report": _l("report"),
    "user": _l("account"),
    "notification": _l("notifications"),
    "notification_settings": _l("notification choices"),
    "organisation": _l("organisation"),
    "endpoint": _l("page"),
    "audit_log": _l("access log"),
    "access_history": _l("access history"),
    "value": _l("stored value"),
    "database": _l("database"),
    "transfer": _l("transfer"),
    "legal_step": _l("legal step"),
    "perpetrator": _l("perpetrator"),
    "guardian": _l("guardian"),
    "child_interview": _l("child-friendly interview"),
    "audit_range": _l("access log range"),
}
OUTCOMES = {
    "ok": _l("Done"),
    "denied": _l("Refused"),
    "failed": _l("Failed"),
    "error": _l("Error"),
    "refused": _l("Refused"),
    "found": _l("Found"),
    "none": _l("None found"),
}
FLAG_FILTERS = {
    "break_glass": _l("Break-glass openings"),
    "denied": _l("Refusals"),
    "login_failed": _l("Failed logins"),
}
CASE_REFERENCE = re.compile(r"^[A-Z0-9]{4}-?[A-Z0-9]{4}$")


class DayField(DateField):
    """A calendar day typed as YYYY-MM-DD, with a message that says how to write it."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Parse the day, or say how to write it."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Write the date as year-month-day, like 2026-11-23."))) from None


def _choices(labels: dict, everything: str) -> list[tuple[str, str]]:
    """A select's choices, with 'any' first."""
    return [("", everything), *((code, str(text)) for code, text in labels.items())]


class AuditFilterForm(FlaskForm):
    """Filters read from the query string (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    person = SelectField(_l("Person"), choices=[], validate_choice=False)
    case = StringField(_l("Case reference"), [Optional()], filters=[lambda v: (v or "").strip().upper()])
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    outcome = SelectField(_l("Outcome"), choices=[], validate_choice=False)
    flag = SelectField(_l("Needs attention"), choices=[], validate_choice=False)
    date_from = DayField(_l("From"), [Optional()], format="%Y-%m-%d")
    date_to = DayField(_l("To"), [Optional()], format="%Y-%m-%d")

    def fill_choices(self, staff: list[User]) -> None:
        """Offer the staff a supervisor oversees and the known codes."""
        self.person.choices = [("", str(_l("Everyone")))] + [
            (str(person.id), f"{person.display_name or person.username} ({person.username})")
            for person in staff
        ]
        self.action.choices = _choices(ACTIONS, str(_l("Any action")))
        self.outcome.choices = _choices(OUTCOMES, str(_l("Any outcome")))
        self.flag.choices = _choices(FLAG_FILTERS, str(_l("All entries")))

    def _check_choice(self, field: SelectField, message: str) -> None:
        """A value that is not one of the offered choices gets a plain message."""
        if field.data and field.data not in {code for code, _label in field.choices}:
            raise ValidationError(message)

    def validate_person(self, field: SelectField) -> None:
        """Only staff of the supervisor's own organisations (same answer for unknown ids)."""
        self._check_choice(field, str(_l("Choose a person from the list of your staff.")))

    def validate_action(self, field: SelectField) -> None:
        """Only known actions."""
        self._check_choice(field, str(_l("Choose an action from the list.")))

    def validate_outcome(self, field: SelectField) -> None:
        """Only known outcomes."""
        self._check_choice(field, str(_l("Choose an outcome from the list.")))

    def validate_flag(self, field: SelectField) -> None:
        """Only known attention filters."""
        self._check_choice(field, str(_l("Choose from the list.")))

    def validate_case(self, field: StringField) -> None:
        """A case reference looks like K7QX-2M9P."""
        if field.data and not CASE_REFERENCE.match(field.data):
            raise ValidationError(str(_l("A case reference has 8 letters and digits, like K7QX-2M9P.")))

    def validate_date_from(self, field: DateField) -> None:
        """A date within the years the system can have records of."""
        if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            raise ValidationError(str(_l("Choose a date between %(first)d and %(last)d.",
                                         first=FIRST_YEAR, last=LAST_YEAR)))

    def validate_date_to(self, field: DateField) -> None:
        """The period must not end before it starts."""
        self.validate_date_from(field)
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(str(_l("The end date is before the start date.")))

    def person_id(self) -> uuid.UUID | None:
        """The chosen person's id, once validated."""
        return uuid.UUID(self.person.data) if self.person.data else None


class AcknowledgeRangeForm(FlaskForm):
    """A supervisor's acknowledgement of a broken range `casework audit verify` reported."""

    first_seq = IntegerField(_l("First entry of the range"), [InputRequired(), NumberRange(min=1)])
    last_seq = IntegerField(_l("Last entry of the range"), [InputRequired(), NumberRange(min=1)])
    reason = TextAreaField(_l("What happened, and what was done"),
                           [InputRequired(), Length(min=REASON_MIN, max=REASON_MAX)])

    def validate_last_seq(self, field: IntegerField) -> None:
        """The range runs forwards."""
        if self.first_seq.data and field.data is not None and field.data < self.first_seq.data:
            raise ValidationError(_l("The last entry cannot come before the first."))
