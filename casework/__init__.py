"""Casework: case management for survivors of violence."""

from __future__ import annotations

import gc
import os
from typing import Any, NoReturn

import click
from flask import Flask, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from casework.config import StartupRefused, load_config, startup_problems
from casework.crypto.errors import KeyringError
from casework.crypto.keyring import Keyring, follow_keys_file, install_keyring
from casework.database import render_migration_type, sqlite_file_missing
from casework.extensions import babel, csrf, db, login_manager, migrate
from casework.i18n import install_form_translations

BLUEPRINT_MODULES = (
    "casework.accounts.views",
    "casework.admin.views",
    "casework.cases.views",
    "casework.perpetrators.views",
    "casework.plans.views",
    "casework.legal.views",
    "casework.referrals.views",
    "casework.transfers.views",
    "casework.search.views",
    "casework.attachments.views",
    "casework.timeline.views",
    "casework.audit.views",
    "casework.reports.views",
    "casework.notifications.views",
    "casework.children.views",
    "casework.accommodation.views",
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
    "casework.notifications.cli",
    "casework.regions.cli",
    "casework.downgrade",
    "casework.deploy.cli",
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


# Commands that serve: they meet every start-up refusal, as a WSGI server does.
SERVING_COMMANDS = frozenset({"run"})


def _serving_command() -> bool:
    """True while a command that serves (`casework run`, `flask run`) builds the app."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.command.name in SERVING_COMMANDS:
            return True
        ctx = ctx.parent
    return False


def _may_start_unready() -> bool:
    """True while a command that prepares the instance (init, db upgrade, keys) builds the app.

    Those run before a keyring or SECRET_KEY exists and report what is missing themselves;
    `demo` checks again after initialising, before it serves (casework.cli).
    """
    return click.get_current_context(silent=True) is not None and not _serving_command()


def _refuse(error: Exception) -> NoReturn:
    """Stop the start: a serving command prints the reason and exits; a WSGI server gets it."""
    if _serving_command():
        raise click.ClickException(str(error)) from error
    raise error


def settings_problems(app: Flask) -> list[str]:
    """Unsafe settings (a test app is exempt)."""
    return [] if app.testing else startup_problems(app)


def _keyring_unready(app: Flask, exc: KeyringError) -> None:
    """A keyring that is missing or does not fit: refused, except for the commands that make
    one, which start and remember why it is not ready."""
    if not _may_start_unready():
        _refuse(exc)
    app.config["KEYRING_PROBLEM"] = str(exc)


def _load_keyring(app: Flask) -> None:
    """Load the keyring; refuse to start without it, except for commands that make one."""
    try:
        install_keyring(app, Keyring.load(app.config["KEYS_FILE"]))
    except KeyringError as exc:
        _keyring_unready(app, exc)
        install_keyring(app, None)
    problems = settings_problems(app)
    if problems and not _may_start_unready():
        _refuse(StartupRefused(" ".join(problems)))


def _init_extensions(app: Flask) -> None:
    """Bind the extensions and the request frame to the app."""
    from casework.accounts.sessions import init_sessions
    from casework.attachments.storage import remove_stale_parts
    from casework.clean_input import screen_request
    from casework.navigation import init_navigation
    from casework.submissions.operations import init_submissions
    from casework.web import assign_request_id, init_web

    app.before_request(assign_request_id)  # before CSRFProtect's check, which may refuse
    app.before_request(screen_request)  # a NUL never reaches a query (a 500 on PostgreSQL)
    app.before_request(lambda: follow_keys_file(app))
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
    init_submissions(app)
    install_form_translations()
    app.context_processor(lambda: {"current_locale": lambda: str(get_locale() or "id")})
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    with app.app_context():
        _check_canary(app)
    remove_stale_parts(app)  # half-written upload files a killed process left behind


def _check_canary(app: Flask) -> None:
    """Refuse a keyring that cannot open this database's canary value."""
    from casework.crypto.models import check_canary

    if app.extensions.get("casework_keyring") is None:
        return
    if sqlite_file_missing(app.config["SQLALCHEMY_DATABASE_URI"]):
        return  # no database, no canary; connecting would leave an empty file behind
    try:
        check_canary()
    except OperationalError:
        pass  # an unreachable database is reported by the pages and `casework db upgrade`
    except KeyringError as exc:
        _keyring_unready(app, exc)
    finally:
        db.session.remove()
        if not app.testing:
            # gunicorn --preload builds the app in the master, then forks the workers: no
            # pooled connection may be shared by them.
            db.engine.dispose()


def _migrations_path() -> str:
    """The migrations folder inside the package (an installed wheel: setup.py ships them as
    casework/migrations) or beside it (a checkout, where they live in migrations/)."""
    here = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(here, "migrations")
    if os.path.isfile(os.path.join(installed, "env.py")):
        return installed
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
