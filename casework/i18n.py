"""Languages: WTForms' own messages come from our catalogue, since WTForms ships no Indonesian."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import has_app_context
from flask_babel import get_timezone, get_translations, lazy_ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from casework.config import Defaults

# Marked here so extraction puts WTForms' built-in messages into our catalogue.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Invalid input."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Field must be equal to %(other_name)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    lazy_ngettext("Field must be at least %(min)d character long.",
                  "Field must be at least %(min)d characters long.", 1),
    lazy_ngettext("Field cannot be longer than %(max)d character.",
                  "Field cannot be longer than %(max)d characters.", 1),
    lazy_ngettext("Field must be exactly %(max)d character long.",
                  "Field must be exactly %(max)d characters long.", 1),
)


class CatalogueTranslations:
    """WTForms' translations interface over the active Flask-Babel catalogue, unformatted."""

    def gettext(self, string: str) -> str:
        """Translate one message; WTForms fills in the values itself."""
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a message with a count."""
        return get_translations().ungettext(singular, plural, n)


_TRANSLATIONS = CatalogueTranslations()


def _form_translations(_meta: object, _form: object) -> CatalogueTranslations:
    """Every form's messages in the user's language."""
    return _TRANSLATIONS


def install_form_translations() -> None:
    """Make every FlaskForm take its built-in messages from our catalogue."""
    FlaskForm.Meta.get_translations = _form_translations


# The years a date typed into a filter may fall in: no case was recorded before the system
# existed, and the bounds keep a mistyped year (0202 for 2025) from asking for thousands of
# months or days.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def local_today() -> date:
    """Today where the centres are (BABEL_DEFAULT_TIMEZONE, Asia/Jakarta by default), not on
    the server's clock: a UTC server would call today's date "in the future" until 07:00 WIB."""
    zone = get_timezone() if has_app_context() else ZoneInfo(Defaults.BABEL_DEFAULT_TIMEZONE)
    return datetime.now(zone).date()
