"""The search form and the form that marks a case as a duplicate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length


class SearchForm(FlaskForm):
    """One box: a NIK, a phone number, name words or a case reference."""

    # The length is checked by the search itself, so its own clear message is shown.
    q = StringField(_l("NIK, phone, name or case reference"))
    page = HiddenField(default="1")


class DuplicateForm(FlaskForm):
    """The reference of the case this one duplicates."""

    original = StringField(_l("Reference of the case it duplicates"), [DataRequired(), Length(max=16)])
    version = HiddenField()
