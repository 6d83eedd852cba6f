"""The answers a once-only create form gives, for the create views of every domain (no routes
of its own)."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from casework.submissions.operations import remember_submission, saved_before


def earlier_answer() -> Response | None:
    """For a form sent again after it was saved (its answer lost on a weak connection): the
    way to what it saved, saying nothing was saved twice; None for a form not seen before."""
    location = saved_before()
    if location is None:
        return None
    flash(_("This was saved already; nothing was saved twice."), "success")
    return redirect(location)


def saved_answer(location: str) -> Response:
    """Send the user on after a save, remembering where, in case the form comes again."""
    remember_submission(location)
    return redirect(location)
