"""Login and account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    """User name and password."""

    username = StringField(_l("User name"), [DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), [DataRequired(), Length(max=128)])


class PasswordChangeForm(FlaskForm):
    """The current password and a new one, twice."""

    current = PasswordField(_l("Current password"), [DataRequired(), Length(max=128)])
    new = PasswordField(_l("New password (12 characters or more)"), [DataRequired(), Length(max=128)])
    confirm = PasswordField(
        _l("New password again"),
        [DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))],
    )


class LanguageForm(FlaskForm):
    """The language the pages are shown in."""

    locale = SelectField(_l("Language"), choices=[("id", "Bahasa Indonesia"), ("en", "English")])
