"""The `casework` command: init, demo, and every domain's commands (`flask --app casework` too)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from casework.crypto.keyring import Keyring, install_keyring
from casework.crypto.models import write_canary
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


def _ensure_keyring(app: Flask) -> Keyring:
    """Load the keyring, making a new one (mode 0600) only when there is none."""
    path = Path(app.config["KEYS_FILE"])
    if not path.exists() and not os.environ.get("CASEWORK_KEYRING_JSON"):
        Keyring.generate().save(path)
        click.echo(f"New keyring written to {path} (mode 0600). Back it up separately.")
    ring = Keyring.load(path)
    install_keyring(app, ring)
    return ring


def initialise(app: Flask) -> None:
    """Create the instance folder, SECRET_KEY and keyring, then migrate to head. Idempotent."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    os.chmod(instance, 0o700)
    if _write_secret_key(instance):
        app.config.from_pyfile(str(instance / "config.py"))
        click.echo(f"New SECRET_KEY written to {instance / 'config.py'}.")
    ring = _ensure_keyring(app)
    upgrade()
    write_canary(ring.primary)
    db.session.commit()
    app.config.pop("KEYRING_PROBLEM", None)


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
    from casework.demo import seed_demo

    app = current_app._get_current_object()
    initialise(app)
    logins = seed_demo()
    db.session.commit()
    click.echo("\nDemo logins (passwords are new each time the demo starts):")
    for username, role, org, password in logins:
        click.echo(f"  {username:<14} {password}   {role} at {org}")
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
    """The `casework` console script."""
    from casework import create_app

    FlaskGroup(create_app=create_app, add_default_commands=True, load_dotenv=False)(
        prog_name="casework"
    )


if __name__ == "__main__":
    main()
