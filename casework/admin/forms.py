"""Forms of the admin screens: organisations and staff accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from casework.accounts.models import ORGANISATION_KINDS, ROLES
from casework.clean_input import plain_name
from casework.notifications.forms import ContactForm

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
REGION_PATTERN = r"^\d{2}(\d{2}(\d{2}(\d{4})?)?)?$"


def _code_message():
    """The message for a malformed code or user name."""
    return _l("Use small letters, digits and dashes only.")


class OrganisationForm(FlaskForm):
    """A new organisation: its code, name, kind, place in the tree and region."""

    code = StringField(_l("Code"), [DataRequired(), Length(max=40),
                                    Regexp(CODE_PATTERN, message=_code_message())])
    name = StringField(_l("Name"), [DataRequired(), Length(max=200), plain_name])
    kind = SelectField(_l("Kind"), choices=[(k, v) for k, v in ORGANISATION_KINDS.items()])
    parent_code = StringField(_l("Code of the parent organisation (optional)"),
                              [Optional(), Length(max=40)])
    region_code = StringField(
        _l("Region code (BPS: 2, 4, 6 or 10 digits)"),
        [Optional(), Regexp(REGION_PATTERN, message=_l("Use 2, 4, 6 or 10 digits."))],
    )


class OrganisationEditForm(FlaskForm):
    """Rename, move in the tree, or change the region of an organisation."""

    name = StringField(_l("Name"), [DataRequired(), Length(max=200), plain_name])
    parent_code = StringField(_l("Code of the parent organisation (optional)"),
                              [Optional(), Length(max=40)])
    region_code = StringField(
        _l("Region code (BPS: 2, 4, 6 or 10 digits)"),
        [Optional(), Regexp(REGION_PATTERN, message=_l("Use 2, 4, 6 or 10 digits."))],
    )


class UserForm(ContactForm):
    """A new staff account; the password is made by the system and shown once."""

    username = StringField(_l("User name"), [
        DataRequired(), Length(min=3, max=64),
        Regexp(USERNAME_PATTERN, message=_l("Use small letters, digits, dots and dashes only.")),
    ])
    display_name = StringField(_l("Full name"), [DataRequired(), Length(max=120), plain_name])
    role = SelectField(_l("Role"), choices=[(k, v) for k, v in ROLES.items()])
    organisation_code = StringField(_l("Organisation code"), [DataRequired(), Length(max=40)])


class ActionForm(FlaskForm):
    """A button that changes an account (CSRF only)."""
