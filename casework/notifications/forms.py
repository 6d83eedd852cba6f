"""Forms: a user's email and mobile number, and her choice for each kind of notification."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, Form, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from casework.accounts.models import User
from casework.cases.validation import validate_phone
from casework.notifications.kinds import CHOICES, KINDS, kinds_for

# One @, something before it, a dot in the domain, no spaces and none of the characters that
# make an email header read it as something else (a comment, a group, a route, a quote): a
# typo is caught here and a mistyped but well-formed address shows up as a failed delivery
# on the admins' page.
_NOT_IN_ADDRESS = r"\s<>\"',;:()\[\]\\"
FORBIDDEN = re.compile(rf"[{_NOT_IN_ADDRESS}]")
EMAIL_PATTERN = re.compile(
    rf"^[^@{_NOT_IN_ADDRESS}]+@[^@{_NOT_IN_ADDRESS}]+\.[^@.{_NOT_IN_ADDRESS}]{{2,}}$")


def validate_email(_form: Form, field: Field) -> None:
    """WTForms validator: an email address of the usual shape, stored in small letters."""
    if not field.data:
        return
    value = field.data.strip()
    if FORBIDDEN.search(value):
        raise ValidationError(_("Enter an email address without spaces or any of these: "
                                "( ) [ ] < > : ; , \\ \" '"))
    if not EMAIL_PATTERN.match(value):
        raise ValidationError(_("Enter an email address such as nama@contoh.or.id."))
    field.data = value.lower()


def validate_mobile(form: Form, field: Field) -> None:
    """WTForms validator: an Indonesian mobile number (SMS reaches no landline), stored in
    the +62 form by the survivors' phone rule (casework.cases.validation)."""
    if not field.data:
        return
    compact = re.sub(r"[\s().\-]", "", field.data)
    if compact.startswith(("+", "00")) and not compact.startswith(("+62", "0062")):
        raise ValidationError(_("Enter an Indonesian number such as 0812 3456 7890."))
    validate_phone(form, field)
    if not field.data.startswith("+628"):
        raise ValidationError(_("Enter an Indonesian number such as 0812 3456 7890."))


class ContactForm(FlaskForm):
    """Where notifications reach a member of staff."""

    email = StringField(_l("Email address (for notifications)"),
                        [Optional(), Length(max=254), validate_email])
    mobile = StringField(_l("Mobile number for SMS (optional)"),
                         [Optional(), Length(max=20), validate_mobile])


def contact_form_for(user: User) -> ContactForm:
    """The contact form filled with the user's current values."""
    return ContactForm(data={"email": user.email or "", "mobile": user.mobile or ""})


class ChoicesForm(FlaskForm):
    """One choice per kind of event the user may be told of (fields added per role)."""


def choices_form(user: User, current: dict[str, str], **kwargs: Any) -> FlaskForm:
    """A form with a select for each kind the user's role receives."""

    class Form(ChoicesForm):
        pass

    for kind in kinds_for(user.role):
        setattr(Form, kind, SelectField(KINDS[kind].label, default=current[kind],
                                        choices=list(CHOICES.items())))
    return Form(**kwargs)


class ActionForm(FlaskForm):
    """A button that changes something (CSRF only)."""
