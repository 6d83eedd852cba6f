"""Commands: `casework org create` and `casework user create`."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from casework.accounts.errors import DuplicateName, PasswordRejected, RoleDoesNotFit
from casework.accounts.models import ORGANISATION_KINDS, ROLES
from casework.accounts.operations import create_organisation, create_user, find_organisation
from casework.accounts.roles import misfit_message
from casework.extensions import db

org_group = AppGroup("org", help="Manage organisations.")
user_group = AppGroup("user", help="Manage staff accounts.")


@org_group.command("create")
@click.argument("code")
@click.option("--name", required=True, help="The organisation's name.")
@click.option("--kind", required=True, type=click.Choice(list(ORGANISATION_KINDS)))
@click.option("--parent", "parent_code", help="Code of the parent organisation.")
@click.option("--region", "region_code", help="BPS region code.")
def org_create(code: str, name: str, kind: str, parent_code: str | None, region_code: str | None) -> None:
    """Create an organisation."""
    parent = find_organisation(parent_code) if parent_code else None
    if parent_code and parent is None:
        raise click.ClickException(f"No organisation with code {parent_code}.")
    try:
        create_organisation(code, name, kind, parent, region_code)
    except DuplicateName:
        raise click.ClickException(f"An organisation with code {code} already exists.") from None
    db.session.commit()
    click.echo(f"Created organisation {code}.")


@user_group.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--org", "org_code", required=True, help="Code of the user's organisation.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_create(username: str, role: str, org_code: str, password_stdin: bool) -> None:
    """Create a staff account."""
    org = find_organisation(org_code)
    if org is None:
        raise click.ClickException(f"No organisation with code {org_code}.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        create_user(username, role, org, password)
    except PasswordRejected as exc:
        raise click.ClickException(str(exc)) from None
    except DuplicateName:
        raise click.ClickException(f"User {username} already exists.") from None
    except RoleDoesNotFit as exc:
        raise click.ClickException(misfit_message(exc.role, exc.kind)) from None
    db.session.commit()
    click.echo(f"Created user {username.lower()} ({role}).")


@user_group.command("prune-throttle")
def user_prune_throttle() -> None:
    """Forget failed-login counters older than a day (run daily from cron)."""
    from casework.accounts.throttle import prune

    removed = prune()
    db.session.commit()
    click.echo(f"Forgot {removed} old failed-login counters.")


def register_commands(app: Flask) -> None:
    """Add the accounts commands to the app's CLI."""
    app.cli.add_command(org_group)
    app.cli.add_command(user_group)
