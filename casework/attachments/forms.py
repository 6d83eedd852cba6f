"""The upload form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class UploadForm(FlaskForm):
    """One file: a PDF, JPEG or PNG."""

    file = FileField(_l("File (PDF, JPEG or PNG)"), [FileRequired()])
