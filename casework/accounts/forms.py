"""Login and account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
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


class SecondFactorForm(FlaskForm):
    """A code from the authenticator app, or one of the recovery codes."""

    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        [DataRequired(), Length(max=32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


class EnrolForm(FlaskForm):
    """The first code of a newly added authenticator, proving it works."""

    code = StringField(
        _l("The 6-digit code your app shows now"), [DataRequired(), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ConfirmPasswordForm(FlaskForm):
    """The current password, asked again before a sensitive change."""

    password = PasswordField(_l("Your password"), [DataRequired(), Length(max=128)])


class StaffMemberForm(FlaskForm):
    """Names one member of staff for an action on the team page."""

    user_id = HiddenField(validators=[DataRequired(), Length(max=40)])


class RecoveryUnlockForm(FlaskForm):
    """A user name and one of its recovery codes, to lift a login lock oneself."""

    username = StringField(_l("User name"), [DataRequired(), Length(max=64)])
    code = StringField(_l("One of your recovery codes"), [DataRequired(), Length(max=32)],
                       render_kw={"autocomplete": "off"})
