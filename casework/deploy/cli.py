"""`casework deploy show NAME` and `casework deploy install`: the systemd units and timers,
the `casework` command that runs as the service does, and the service's settings file."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from casework.deploy.files import NAMES, TIMERS, DeployError, Machine, install, render

deploy_group = AppGroup("deploy", help="Print or install the systemd units and the `casework` command.")


def _machine_options(command):
    """The options that say where things live on this machine."""
    options = [
        click.option("--user", default="casework", show_default=True,
                     help="The system user the service runs as."),
        click.option("--venv", default=sys.prefix, show_default=True,
                     help="The virtual environment Casework is installed in."),
        click.option("--instance", default="/srv/casework/instance", show_default=True,
                     help="The instance folder (CASEWORK_INSTANCE_PATH)."),
        click.option("--env-file", "env_file", default="/etc/casework/casework.env",
                     show_default=True, help="The settings file every unit and command reads."),
        click.option("--backup-dir", default="/var/backups/casework", show_default=True,
                     help="Where the nightly backups go."),
        click.option("--keep-days", default=30, show_default=True, type=int,
                     help="Nightly backups older than this are deleted from --backup-dir."),
        click.option("--database-url", default=None,
                     help="CASEWORK_DATABASE_URL for the settings file (none: SQLite in the "
                          "instance folder)."),
        click.option("--keys-file", default=None,
                     help="CASEWORK_KEYS_FILE for the settings file (none: instance/keys.json)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@deploy_group.command("show")
@click.argument("name", required=False)
@_machine_options
def show_command(name: str | None, **where) -> None:
    """Print one shipped file filled in for this machine (no NAME: list the files)."""
    if not name:
        click.echo("\n".join(NAMES))
        return
    try:
        click.echo(render(name, Machine(**where)), nl=False)
    except DeployError as exc:
        raise click.ClickException(str(exc)) from None


@deploy_group.command("install")
@_machine_options
@click.option("--unit-dir", default="/etc/systemd/system", show_default=True, type=click.Path())
@click.option("--bin-dir", default="/usr/local/bin", show_default=True, type=click.Path(),
              help="Where the `casework` command goes (ahead of the venv's on root's PATH).")
def install_command(unit_dir: str, bin_dir: str, **where) -> None:
    """Write the units and timers, the `casework` command and the settings file (kept if it
    exists), and make the instance and backup folders. Run it as root."""
    try:
        done = install(Machine(**where), Path(unit_dir), Path(bin_dir))
    except DeployError as exc:
        raise click.ClickException(str(exc)) from None
    except PermissionError as exc:
        raise click.ClickException(f"{exc.strerror}: {exc.filename} (run it as root: sudo "
                                   f"{sys.argv[0]} deploy install ...)") from None
    for line in done:
        click.echo(line)
    click.echo("\nNext: `systemctl daemon-reload`, then `casework init` (as root: the command "
               "runs itself as the service's user), then\n"
               f"`systemctl enable --now casework.service {' '.join(TIMERS)}`.")


def register_commands(app: Flask) -> None:
    """Add `deploy` to the app's CLI."""
    app.cli.add_command(deploy_group)
