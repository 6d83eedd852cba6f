"""/healthz (the process answers) and /readyz (it can serve): public, short, never logged."""

from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from casework.accounts.access import public
from casework.crypto.errors import KeyringError
from casework.database import sqlite_file_missing
from casework.extensions import db, migrate

bp = Blueprint("health", __name__)

PLAIN = {"Content-Type": "text/plain; charset=utf-8"}
HEADS = "casework_migration_heads"

# The reasons /readyz gives: enough for a monitor or an operator, nothing an attacker can use
# (no host, no revision, no key id, no error text).
DATABASE_UNREACHABLE = "database unreachable"
SCHEMA_BEHIND = "database schema not at the code's migration head"
KEYS_DO_NOT_FIT = "keys cannot open the database"


@bp.get("/healthz")
@public
def healthz() -> tuple[str, int, dict[str, str]]:
    """Liveness: the process answers. Says nothing about the database or the keys."""
    return "ok", 200, PLAIN


@bp.get("/readyz")
@public
def readyz() -> tuple[str, int, dict[str, str]]:
    """Readiness: the database answers, its schema is at head, the keys open its canary."""
    problem = readiness_problem(current_app._get_current_object())
    if problem:
        return problem, 503, PLAIN
    return "ready", 200, PLAIN


def readiness_problem(app: Flask) -> str | None:
    """Why this process cannot serve now (None when it can)."""
    if sqlite_file_missing(app.config["SQLALCHEMY_DATABASE_URI"]):
        return DATABASE_UNREACHABLE  # connecting would create an empty file: never
    try:
        with db.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError:
        return DATABASE_UNREACHABLE
    if current != migration_heads(app):
        return SCHEMA_BEHIND
    ring = app.extensions.get("casework_keyring")
    if ring is None:
        return KEYS_DO_NOT_FIT
    from casework.crypto.models import check_canary  # crypto.models imports the app's models

    try:
        check_canary(ring)
    except KeyringError:
        return KEYS_DO_NOT_FIT
    except SQLAlchemyError:
        return DATABASE_UNREACHABLE
    finally:
        db.session.remove()
    return None


def migration_heads(app: Flask) -> set[str]:
    """The head revision(s) of the migrations shipped with the code, read once per process."""
    heads = app.extensions.get(HEADS)
    if heads is None:
        scripts = ScriptDirectory.from_config(migrate.get_config())
        heads = app.extensions[HEADS] = set(scripts.get_heads())
    return heads
