"""Characters no request and no name may carry: NUL and line breaks where they cannot belong,
control and text-direction characters in names, and return targets that leave the site."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import abort, request
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, ValidationError

# Characters that reorder or hide text (Trojan Source, CVE-2021-42574): a name holding one
# shows another name than the one stored, in lists, exports and the audit screens.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
NAME_MESSAGE = _l("A name may not hold control characters or characters that change the "
                  "direction of text.")


def name_problem(value: str | None) -> str | None:
    """Why a name is refused (control or text-direction characters), or None."""
    if not value:
        return None
    for char in value:
        if char in BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            return str(NAME_MESSAGE)
    return None


def plain_name(_form: Form, field: Field) -> None:
    """WTForms validator: a name of letters, marks, digits, spaces and punctuation only."""
    problem = name_problem(field.data)
    if problem:
        raise ValidationError(problem)


def has_line_break_or_nul(value: str) -> bool:
    """Whether a value holds CR, LF or NUL."""
    return "\r" in value or "\n" in value or "\0" in value


def local_target(target: str | None) -> str | None:
    """A path of this site to return to, or None: never another site, never a header break."""
    if not target or any(unicodedata.category(char) == "Cc" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:  # browsers read a backslash as a slash: /\evil.example is another site
        return None
    return target


def _values() -> list[str]:
    """Every name and value the request's query string and form carry, file names included."""
    found: list[str] = []
    for source in (request.args, request.form):
        for key, values in source.lists():
            found.append(key)
            found.extend(values)
    for key, storage in request.files.items(multi=True):
        found.append(key)
        found.append(storage.filename or "")
    return found


def screen_request() -> None:
    """Answer 400 (the app's own page) for a NUL anywhere, or a line break in the path.

    No form field, query value or path of this application may hold a NUL (PostgreSQL
    refuses it in text, which was a 500), and no path a line break; text areas keep their
    line breaks. Redirect targets are checked again where they are used (local_target).
    """
    if has_line_break_or_nul(request.path):
        abort(400)
    if any("\0" in value for value in _values()):
        abort(400)
