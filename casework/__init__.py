"""Casework: case management for survivors of violence."""

from __future__ import annotations

import gc
import os
from typing import Any

import click
from flask import Flask, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from casework.config import StartupRefused, load_config, startup_problems
from casework.crypto.errors import KeyringError
from casework.crypto.keyring import Keyring, install_keyring
from casework.database import render_migration_type
from casework.extensions import babel, csrf, db, login_manager, migrate
from casework.i18n import install_form_translations

BLUEPRINT_MODULES = (
    "casework.accounts.views",
    "casework.admin.views",
    "casework.cases.views",
    "casework.plans.views",
    "casework.referrals.views",
    "casework.search.views",
    "casework.attachments.views",
    "casework.timeline.views",
    "casework.audit.views",
    "casework.reports.views",
    "casework.health",
)
CLI_MODULES = (
    "casework.cli",
    "casework.accounts.cli",
    "casework.crypto.cli",
    "casework.audit.cli",
    "casework.backup.cli",
    "casework.retention.cli",
    "casework.reports.cli",
    "casework.referrals.cli",
)


def select_locale() -> str:
    """The user's chosen language, else the cookie's, else Bahasa Indonesia."""
    if not has_request_context():
        return "id"
    if current_user and current_user.is_authenticated:
        return current_user.locale or "id"
    chosen = request.cookies.get("cw_lang")
    return chosen if chosen in ("id", "en") else "id"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config -> keyring -> extensions -> blueprints -> CLI."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("CASEWORK_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    load_config(app, test_config)
    _load_keyring(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    if not app.testing:
        # What start-up made (mappers, templates, catalogues) lives as long as the process;
        # kept out of the collector's way, a full collection no longer walks it mid-request.
        gc.freeze()
    return app


def _under_cli() -> bool:
    """True while a `casework` or `flask` command builds the app (init may still follow)."""
    return click.get_current_context(silent=True) is not None


def _load_keyring(app: Flask) -> None:
    """Load the keyring; refuse to start without it, except for commands that make one."""
    problems = [] if app.testing else startup_problems(app)
    try:
        install_keyring(app, Keyring.load(app.config["KEYS_FILE"]))
    except KeyringError as exc:
        if not _under_cli():
            raise
        install_keyring(app, None)
        app.config["KEYRING_PROBLEM"] = str(exc)
    if problems and not _under_cli():
        raise StartupRefused(" ".join(problems))


def _init_extensions(app: Flask) -> None:
    """Bind the extensions and the request frame to the app."""
    from casework.accounts.sessions import init_sessions
    from casework.navigation import init_navigation
    from casework.web import init_web

    db.init_app(app)
    migrate.init_app(
        app, db, directory=_migrations_path(), render_as_batch=True,
        render_item=render_migration_type, compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    init_sessions(app)
    init_web(app)
    init_navigation(app)
    install_form_translations()
    app.context_processor(lambda: {"current_locale": lambda: str(get_locale() or "id")})
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    with app.app_context():
        _check_canary(app)


def _check_canary(app: Flask) -> None:
    """Refuse a keyring that cannot open this database's canary value."""
    from casework.crypto.models import check_canary

    if app.extensions.get("casework_keyring") is None:
        return
    try:
        check_canary()
    except OperationalError:
        pass  # an unreachable database is reported by the pages and `casework db upgrade`
    except KeyringError:
        if not _under_cli():
            raise
        app.config["KEYRING_PROBLEM"] = "The keyring does not match this database."
    finally:
        db.session.remove()


def _migrations_path() -> str:
    """The migrations folder beside the package (a checkout) or inside it (an install)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(os.path.dirname(here), "migrations")


def _register_blueprints(app: Flask) -> None:
    """Register every domain's blueprint."""
    from importlib import import_module

    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(name).bp)


def _register_cli(app: Flask) -> None:
    """Add every domain's commands."""
    from importlib import import_module

    for name in CLI_MODULES:
        import_module(name).register_commands(app)
