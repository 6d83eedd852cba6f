"""Commands: `casework org create` and `casework user create`."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from casework.accounts.errors import DuplicateName, PasswordRejected, RoleDoesNotFit
from casework.accounts.models import ORGANISATION_KINDS, ROLES
from casework.accounts.operations import create_organisation, create_user, find_organisation
from casework.accounts.roles import misfit_message
from casework.admin.forms import OrganisationForm, UserForm
from casework.extensions import db

org_group = AppGroup("org", help="Manage organisations.")
user_group = AppGroup("user", help="Manage staff accounts.")


def check_with_form(form_class: type[FlaskForm], **data: str | None) -> None:
    """Refuse what the admin screen's own form refuses: one set of rules for both."""
    with force_locale("en"):
        form = form_class(formdata=MultiDict({k: v for k, v in data.items() if v is not None}),
                          meta={"csrf": False})
        if form.validate():
            return
        problems = [f"{form[name].label.text}: {' '.join(str(e) for e in errors)}"
                    for name, errors in form.errors.items()]
    raise click.ClickException("Refused, nothing was created. " + " ".join(problems))


@org_group.command("create")
@click.argument("code")
@click.option("--name", required=True, help="The organisation's name.")
@click.option("--kind", required=True, type=click.Choice(list(ORGANISATION_KINDS)))
@click.option("--parent", "parent_code", help="Code of the parent organisation.")
@click.option("--region", "region_code", help="BPS region code.")
def org_create(code: str, name: str, kind: str, parent_code: str | None, region_code: str | None) -> None:
    """Create an organisation."""
    check_with_form(OrganisationForm, code=code, name=name, kind=kind, parent_code=parent_code,
                    region_code=region_code)
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
@click.option("--name", "display_name", help="The person's full name (default: the user name).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_create(username: str, role: str, org_code: str, display_name: str | None,
                password_stdin: bool) -> None:
    """Create a staff account."""
    display_name = username if display_name is None else display_name
    check_with_form(UserForm, username=username.lower(), display_name=display_name, role=role,
                    organisation_code=org_code)
    org = find_organisation(org_code)
    if org is None:
        raise click.ClickException(f"No organisation with code {org_code}.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        create_user(username, role, org, password, display_name=display_name)
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
