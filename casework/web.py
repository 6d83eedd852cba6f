"""The request's frame: login gate, commit, request id, security headers and error pages."""

from __future__ import annotations

import logging
import secrets

from flask import (
    Flask,
    Response,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from casework.accounts.access import SECOND_FACTOR, SIGNED_IN, role_allows, session_user
from casework.audit.operations import record
from casework.crypto.errors import DecryptionError, KeyringError
from casework.extensions import db
from casework.failures import bare_error_page, error_code, log_failure

log = logging.getLogger("casework")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Only these answers may be cached at all: stylesheets, scripts and icons.
CACHEABLE_ENDPOINTS = {"static"}


def access_rule(endpoint: str | None, app: Flask):
    """The access rule a view declares: 'public', a set of roles, or None when undeclared."""
    view = app.view_functions.get(endpoint or "")
    return getattr(view, "access_rule", None)


# Where someone whose temporary password must be replaced may still go.
PASSWORD_CHANGE_ENDPOINTS = {"accounts.account", "accounts.password", "accounts.logout",
                             "accounts.language", "static", "health.healthz"}


def assign_request_id() -> None:
    """Every request gets its id first, before any check can refuse it (CSRF included), so
    every answer and every log entry can name it."""
    g.request_id = secrets.token_hex(8)


def login_gate() -> Response | None:
    """Default deny: anonymous requests reach only public endpoints; roles are checked."""
    from flask import current_app

    if request.endpoint is None:
        return None  # 404 or 405 from routing
    rule = access_rule(request.endpoint, current_app)
    if rule == "public":
        return None
    if rule in (SIGNED_IN, SECOND_FACTOR):
        return _second_factor_gate(rule)
    if not current_user.is_authenticated:
        return _anonymous_answer()
    if not isinstance(rule, frozenset) or not role_allows(current_user, rule):
        record("denied", object_type="endpoint", outcome="denied")
        abort(404 if request.method == "GET" else 403)
    if current_user.password_must_change and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        return redirect(url_for("accounts.account"))
    return None


def _anonymous_answer() -> Response:
    """No full login: to the second-factor step if the password is done, else to the login."""
    if request.method != "GET":
        abort(401)
    pending = session_user()
    if pending is not None:
        return redirect(second_factor_url(pending))
    return redirect(url_for("accounts.login", next=request.path))


def _second_factor_gate(rule: str) -> Response | None:
    """The steps between password and full login need a live session, and no more."""
    user = session_user()
    if user is None:
        return _anonymous_answer()
    if rule == SECOND_FACTOR and current_user.is_authenticated:
        return redirect(url_for("reports.home"))
    return None


def _enforce_rate_limits():
    """Per-user limits on break-glass grants and audit-heavy requests."""
    # Function-local: rate_limits imports this module (error_page).
    from casework.accounts.rate_limits import enforce_rate_limits

    return enforce_rate_limits()


def second_factor_url(user) -> str:
    """Where a session waiting for its second factor continues: verify, or enrol first."""
    if user.mfa_enabled:
        return url_for("accounts.second_factor")
    return url_for("accounts.mfa_enrol")


def finish_request(response: Response) -> Response:
    """Commit the request's work with its audit entries, then add the headers."""
    if response.status_code < 500:
        try:
            db.session.commit()
        except Exception as exc:  # any failed commit: nothing was saved, and the page says so
            response = _commit_failed(exc)
    else:
        _rollback_quietly()  # an error page stays the app's own even if the database is gone
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["X-Request-ID"] = g.get("request_id", "")
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def _commit_failed(exc: Exception) -> Response:
    """The commit after the request failed (a full disk, a lost database): nothing was saved;
    the app's own page says so, drawn without the database, and the log names the code."""
    _rollback_quietly()
    log_failure("commit failed", exc)
    message = _("Your change could not be saved (the server could not write it). Nothing was "
                "saved. Try again in a moment; if it keeps happening, tell your administrator "
                "the request id.")
    drawn = error_page(503, message)
    return drawn if isinstance(drawn, Response) else make_response(*drawn)


def _rollback_quietly() -> None:
    """Roll back and forget the user: the page after a database failure must not need it."""
    try:
        db.session.rollback()
    except Exception as exc:  # a database that cannot even roll back: the page still shows
        log_failure("rollback failed", exc)
    _forget_user()


def error_page(status: int, message: str) -> tuple[str, int] | Response:
    """A generic page with the request id and nothing else; drawn again without the user (and
    so without the database) if that fails, and from a plain string as the last resort."""
    for attempt in range(2):
        try:
            return render_template(
                "errors/error.html", status=status, message=message,
                request_id=g.get("request_id", "")), status
        except Exception as exc:  # the error page itself must not fail
            log_failure("error page failed", exc)
            if attempt == 0:
                _rollback_quietly()
    return bare_error_page(status)


def handle_http_error(exc: HTTPException):
    """Typed HTTP errors become plain pages in the user's language."""
    messages = {
        400: _("The request could not be understood. Go back and try again."),
        401: _("Please log in first."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist, or you may not see it."),
        405: _("This action is not allowed here."),
        413: _("The upload is too large."),
        422: _("Some answers need attention."),
        429: _("Too many attempts. Wait a while and try again."),
    }
    return error_page(exc.code or 500, messages.get(exc.code, _("Something went wrong.")))


def handle_decryption_error(_exc: DecryptionError):
    """A value failed authentication: record it and show nothing of it."""
    db.session.rollback()
    log.error("decryption failure, request %s", g.get("request_id"))
    record("decrypt_failed", object_type="value", outcome="error")
    db.session.commit()
    return error_page(500, _("A stored record could not be read safely. It has been "
                             "reported; please tell your supervisor the request id."))


def _forget_user() -> None:
    """Render the error page as anonymous: the database may be what failed."""
    from flask_login import AnonymousUserMixin

    g._login_user = AnonymousUserMixin()


def handle_database_not_ready(exc: Exception):
    """A database that is not migrated gets a clear message instead of a traceback."""
    db.session.rollback()
    _forget_user()
    if "no such table" in str(exc) or "does not exist" in str(exc):
        return error_page(503, _("The database is not set up yet: run `casework db upgrade`."))
    return handle_unexpected(exc)


def handle_unexpected(exc: Exception):
    """Anything else: log the type only (never values), show the request id."""
    db.session.rollback()
    _forget_user()
    log.error("unexpected %s (%s) in request %s", type(exc).__name__, error_code(exc),
              g.get("request_id"))
    return error_page(500, _("Something went wrong. Nothing was saved."))


def handle_simultaneous_save(_exc: StaleDataError):
    """Two saves of one record in the same moment: the later one is refused, nothing lost."""
    db.session.rollback()
    return error_page(409, _("Someone else saved this record at the same moment, so your "
                             "change was not saved. Go back: what you typed is still in the "
                             "form. Check the record, then save again."))


def handle_keyring_error(_exc: KeyringError):
    """The keyring is missing or wrong: the app must not serve survivor data."""
    db.session.rollback()
    return error_page(503, _("The encryption keys are not available. Ask your administrator."))


class TLSAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's form cookie (CSRF) is marked Secure whenever the request came over TLS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure behind TLS, or when configured so."""
        return request.is_secure or super().get_cookie_secure(app)


def _declare_static_public(app: Flask) -> None:
    """Stylesheets and scripts are public (the login page needs them); declare it."""
    from casework.accounts.access import public

    if "static" in app.view_functions:

        @public
        def static(filename: str):
            """A file of the static folder."""
            return app.send_static_file(filename)

        app.view_functions["static"] = static


def init_web(app: Flask) -> None:
    """Wire the gate, the commit, the headers and the error pages into the app."""
    _declare_static_public(app)
    app.session_interface = TLSAwareSessionInterface()
    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore
                                x_host=proxies)
    app.before_request(login_gate)
    app.before_request(_enforce_rate_limits)  # after the gate: only for those it let through
    app.after_request(finish_request)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DecryptionError, handle_decryption_error)
    app.register_error_handler(KeyringError, handle_keyring_error)
    app.register_error_handler(StaleDataError, handle_simultaneous_save)
    app.register_error_handler(OperationalError, handle_database_not_ready)
    app.register_error_handler(ProgrammingError, handle_database_not_ready)
    app.register_error_handler(Exception, handle_unexpected)
