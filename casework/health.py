"""/healthz: public, says nothing but that the app answers."""

from flask import Blueprint

from casework.accounts.access import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz() -> tuple[str, int, dict[str, str]]:
    """Answer OK with no detail."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
