"""A form posted without a valid CSRF token: refused with the generic 400 page, and logged."""

from __future__ import annotations

from flask_wtf.csrf import CSRFError

from casework.accounts.access import session_user
from casework.accounts.views import bp
from casework.audit.operations import actor_of, record
from casework.web import handle_http_error


@bp.app_errorhandler(CSRFError)
def csrf_failed(exc: CSRFError):
    """One `csrf_failed` entry (never the token) for whoever sent it (logged in, between
    password and second factor, or nobody), then the same page as any 400."""
    record("csrf_failed", object_type="endpoint", outcome="denied", actor=actor_of(session_user()))
    return handle_http_error(exc)
