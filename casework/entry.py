"""The `casework` console script: the service's settings file, and no command without its
database (a command run without the service's settings must not make an empty one)."""

from __future__ import annotations

from typing import Any

import click
from alembic.migration import MigrationContext
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from casework.database import sqlite_file_missing, sqlite_file_path
from casework.deploy.envfile import EnvFileError, load_env_file

# Commands that make or bring back a database, or never touch one: they run without it.
# `run` builds its app itself, inside its own context, where every serving refusal applies
# (an app loaded here first would be the command's, made without them); /readyz then says
# whether its database is there.
WITHOUT_DATABASE = {("init",), ("demo",), ("deploy",), ("backup", "restore"), ("routes",),
                    ("run",)}
# Commands that run on a database that exists but holds no schema yet (an empty PostgreSQL
# database made by `createdb`, before `casework db upgrade`).
ON_AN_EMPTY_DATABASE = {("db",)}
HOW_TO = ("Run Casework's commands as the service runs them: with the `casework` command that "
          "`casework deploy install` installed (it reads the service's settings file), or "
          "with --env-file and that file. `casework init` makes a new instance.")


def _load_env_file(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Take the settings of a systemd EnvironmentFile before the app is made (they win over
    the shell's, as they do for the service)."""
    if value:
        try:
            load_env_file(value)
        except EnvFileError as exc:
            raise click.BadParameter(str(exc), ctx=ctx) from None
    return value


ENV_FILE_OPTION = click.Option(
    ["-e", "--env-file"], type=click.Path(dir_okay=False), expose_value=False, is_eager=True,
    callback=_load_env_file,
    help="Read settings (CASEWORK_DATABASE_URL, CASEWORK_INSTANCE_PATH...) from this file, "
         "the one the systemd units name in EnvironmentFile=.")


class CaseworkGroup(FlaskGroup):
    """Flask's command group, with the service's settings file and the database check."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Flask's own --env-file needs python-dotenv and never overrides the shell: ours
        # reads the systemd file format and does.
        self.params = [p for p in self.params if p.name != "env_file"] + [ENV_FILE_OPTION]

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """Find the command, then refuse it before it runs if it needs a database not there."""
        name, command, rest = super().resolve_command(ctx, args)
        if name and not ctx.resilient_parsing and not {"--help", "-h"} & set(rest):
            path = (name, *rest[:1])
            if path[:1] not in WITHOUT_DATABASE and path[:2] not in WITHOUT_DATABASE:
                app = ctx.ensure_object(ScriptInfo).load_app()
                refuse_without_database(app, allow_empty=path[:1] in ON_AN_EMPTY_DATABASE)
        return name, command, rest


def refuse_without_database(app: Flask, allow_empty: bool = False) -> None:
    """Stop (exit 1, nothing written) when the database is missing, unreachable or empty."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if sqlite_file_missing(url):
        raise click.ClickException(
            f"No Casework database: {sqlite_file_path(url)} does not exist, and nothing was "
            f"written. {HOW_TO}")
    shown = make_url(url).render_as_string(hide_password=True)
    from casework.extensions import db  # the engine exists only once the app is made

    try:
        with app.app_context(), db.engine.connect() as conn:
            revisions = MigrationContext.configure(conn).get_current_heads()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise click.ClickException(
            f"Cannot reach the database {shown} ({reason}); nothing was written. {HOW_TO}"
        ) from None
    if not revisions and not allow_empty:
        raise click.ClickException(
            f"The database {shown} holds no Casework tables (never initialised, or not the "
            f"service's database); nothing was written. {HOW_TO}")


def main() -> None:
    """The `casework` console script."""
    from casework import create_app

    CaseworkGroup(create_app=create_app, add_default_commands=True, load_dotenv=False)(
        prog_name="casework")
