"""When the request's own commit fails (a full disk, a database gone): the app's own error
page, which needs no database, and a log line naming the error code, never a value."""

from __future__ import annotations

import errno
import logging

from flask import Response, g, make_response
from markupsafe import escape

log = logging.getLogger("casework")

# Shown only when even the template cannot be rendered: plain Indonesian, no database, no
# stylesheet, the request id so the administrator can find the log line.
BARE_PAGE = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{status} · Casework</title></head><body><main>"
    "<h1>Terjadi kesalahan. Perubahan Anda tidak tersimpan.</h1>"
    "<p>Coba lagi sebentar lagi. Jika terus terjadi, beri tahu administrator "
    "nomor permintaan ini: <code>{request_id}</code></p>"
    '<p><a href="/">Kembali ke halaman awal</a></p></main></body></html>'
)


def _causes(exc: BaseException):
    """The error, what it wraps (a driver's error) and what it was raised from."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (
            current.__cause__ or current.__context__)
    return seen


def error_code(exc: BaseException) -> str:
    """The error's code for the log: errno name, SQLite result name or SQLSTATE, never text."""
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.errno:
            return errno.errorcode.get(cause.errno, str(cause.errno))
        name = getattr(cause, "sqlite_errorname", None)
        if name:
            return str(name)
        state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if state:
            return f"SQLSTATE {state}"
    return "no code"


def error_kind(exc: BaseException) -> str:
    """The innermost error's type name (the driver's, under SQLAlchemy's wrapper)."""
    return type(_causes(exc)[-1]).__name__


def log_failure(what: str, exc: BaseException) -> None:
    """One line: what failed, the error's type and code, and the request id."""
    log.error("%s: %s (%s) in request %s", what, error_kind(exc), error_code(exc),
              g.get("request_id"))


def bare_error_page(status: int) -> Response:
    """The last resort: a page built from a string, when rendering itself failed."""
    body = BARE_PAGE.format(status=status, request_id=escape(g.get("request_id", "")))
    response = make_response(body, status)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    return response
