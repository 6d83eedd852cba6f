"""The `casework` command: init, demo, and every domain's commands (`flask --app casework` too)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from casework.crypto.errors import KeyringError
from casework.crypto.keyring import KEYS_VARIABLE, Keyring, install_keyring, keys_from_environment
from casework.crypto.models import check_canary, write_canary
from casework.database import sqlite_file_path
from casework.extensions import db


def _write_secret_key(instance: Path) -> bool:
    """Write a random SECRET_KEY into instance/config.py unless it has one."""
    config_file = instance / "config.py"
    if config_file.exists() and "SECRET_KEY" in config_file.read_text():
        return False
    fd = os.open(config_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a") as handle:
        handle.write(f'SECRET_KEY = "{secrets.token_urlsafe(48)}"\n')
    return True


def _keyring_for_init(app: Flask) -> tuple[Keyring, bool]:
    """The instance's keyring, or a new one (not saved yet) when there is none; and whether new."""
    path = Path(app.config["KEYS_FILE"])
    try:
        if not path.exists() and not keys_from_environment():
            return Keyring.generate(), True
        return Keyring.load(path), False
    except KeyringError as exc:
        raise click.ClickException(str(exc)) from None


def _keyring_source(app: Flask) -> str:
    """Where the keyring is read from, for messages."""
    return KEYS_VARIABLE if keys_from_environment() else app.config["KEYS_FILE"]


def _refuse_another_keyring(app: Flask, ring: Keyring, new: bool) -> None:
    """Refuse (before migrating or writing anything) a keyring that cannot open the canaries."""
    try:
        check_canary(ring)
    except KeyringError as exc:
        if new:
            reason = (f"there is no keyring at {_keyring_source(app)}, but this database was "
                      "initialised with one: put that keyring (from its backup) in place")
        else:
            reason = (f"the keyring from {_keyring_source(app)} cannot open this database's "
                      "values (it is another deployment's): use this database's keyring")
        raise click.ClickException(
            f"{exc} Refused: {reason}, or an empty database. The database was not changed.") from None
    finally:
        db.session.remove()  # no read transaction may stay open while the migrations run


def initialise(app: Flask) -> None:
    """Create the instance folder, keyring and SECRET_KEY, then migrate to head. Idempotent.

    Refused when the database holds values another keyring wrote: a canary written under
    this one beside them would make the app accept the wrong keyring from then on. When it
    fails, what it made is removed again (a new keys file, a new SQLite file), and the
    SECRET_KEY is written only once the database is ready.
    """
    _refuse_without_migrations(app)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    os.chmod(instance, 0o700)
    new_database = sqlite_file_path(app.config["SQLALCHEMY_DATABASE_URI"])
    if new_database is not None and new_database.exists():
        new_database = None
    ring, new = _keyring_for_init(app)
    _refuse_another_keyring(app, ring, new)
    install_keyring(app, ring)
    if new:
        ring.save(app.config["KEYS_FILE"])
    try:
        upgrade()
        write_canary(ring.primary)
        db.session.commit()
    except BaseException:  # SystemExit too: Flask-Migrate exits on a failed migration
        _undo_init(app, new, new_database)
        raise
    if new:
        click.echo(f"New keyring written to {app.config['KEYS_FILE']} (mode 0600). "
                   "Back it up separately.")
    if _write_secret_key(instance):
        app.config.from_pyfile(str(instance / "config.py"))
        click.echo(f"New SECRET_KEY written to {instance / 'config.py'}.")
    app.config.pop("KEYRING_PROBLEM", None)


def _refuse_without_migrations(app: Flask) -> None:
    """Refuse before writing anything when this installation lacks its migrations."""
    folder = Path(app.extensions["migrate"].directory)
    if not (folder / "env.py").is_file() or not any((folder / "versions").glob("*.py")):
        raise click.ClickException(
            f"This installation has no database migrations (looked in {folder}): reinstall "
            "Casework. Nothing was written.")


def _undo_init(app: Flask, new_keys: bool, new_database: Path | None) -> None:
    """Remove what a failed init made, so that a second try starts clean."""
    db.session.rollback()
    db.session.remove()
    db.engine.dispose()
    if new_keys:
        Path(app.config["KEYS_FILE"]).unlink(missing_ok=True)
    if new_database is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{new_database}{suffix}").unlink(missing_ok=True)
    click.echo("Initialisation failed; the new keys file and database were removed again.",
               err=True)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the instance folder, a SECRET_KEY, a keyring, and migrate the database."""
    initialise(current_app._get_current_object())
    click.echo("Casework is initialised.")


@click.command("demo")
@with_appcontext
@click.option("--port", default=5000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Seed and print logins, but do not serve.")
def demo_command(port: int, no_serve: bool) -> None:
    """Initialise, seed demo organisations, users and cases, print logins, and serve."""
    from casework import settings_problems
    from casework.demo import seed_demo

    app = current_app._get_current_object()
    initialise(app)
    problems = [] if no_serve else settings_problems(app)
    if problems:  # what `casework run` would refuse, checked now that init has run
        raise click.ClickException(" ".join(problems))
    logins = seed_demo()
    db.session.commit()
    click.echo("\nDemo logins (passwords are new each time the demo starts):")
    for username, role, org, password in logins:
        click.echo(f"  {username:<14} {password}   {role} at {org}")
    if any("TOTP key" in login[3] for login in logins):
        click.echo("\nLogins with a TOTP key ask for a 6-digit code after the password: add the key "
                   "to an authenticator app (Aegis, FreeOTP, Google Authenticator) and type the "
                   "code it shows.")
    if no_serve:
        return
    click.echo(f"\nOpen http://127.0.0.1:{port}/ in a browser. Ctrl+C stops the demo.")
    # app.run() refuses to serve from inside a CLI command; werkzeug's server does not.
    run_simple("127.0.0.1", port, app, use_reloader=False, use_debugger=False, threaded=True)


def register_commands(app: Flask) -> None:
    """Add init and demo to the app's CLI."""
    app.cli.add_command(init_command)
    app.cli.add_command(demo_command)


def main() -> None:
    """The `casework` console script (casework.entry: the settings file, the database check)."""
    from casework.entry import main as entry_main  # entry imports this module's commands' app

    entry_main()


if __name__ == "__main__":
    main()
