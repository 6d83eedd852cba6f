"""A form posted without a valid CSRF token: refused with the generic 400 page, and logged."""

from __future__ import annotations

from flask_login import current_user
from flask_wtf.csrf import CSRFError

from casework.accounts.access import session_user
from casework.accounts.views import bp
from casework.audit.operations import record
from casework.web import handle_http_error


def _requester() -> tuple:
    """Who sent the forged form: the logged-in user, one between password and second
    factor, or nobody."""
    user = current_user if current_user.is_authenticated else session_user()
    return (user.id, user.organisation_id) if user is not None else (None, None)


@bp.app_errorhandler(CSRFError)
def csrf_failed(exc: CSRFError):
    """One `csrf_failed` entry (never the token), then the same page as any 400."""
    record("csrf_failed", object_type="endpoint", outcome="denied", actor=_requester())
    return handle_http_error(exc)
