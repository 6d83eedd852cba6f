"""Commands: `casework referrals services CODE [--set a,b]` and `casework referrals overdue`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from casework.accounts.models import Organisation
from casework.accounts.operations import find_organisation
from casework.cases.categories import SERVICES
from casework.extensions import db
from casework.referrals.directory import offered_services, set_offered_services
from casework.referrals.errors import NotAServiceUnit
from casework.referrals.inbox import overdue_clause
from casework.referrals.models import Referral

referrals_group = AppGroup("referrals", help="The service directory and overdue referrals.")


@referrals_group.command("services")
@click.argument("code")
@click.option("--set", "codes", help=f"Comma-separated services, from: {', '.join(SERVICES)}.")
def services_command(code: str, codes: str | None) -> None:
    """Show, or set, the services a unit offers in the directory."""
    unit = find_organisation(code)
    if unit is None:
        raise click.ClickException(f"No organisation with code {code}.")
    if codes is not None:
        wanted = [c.strip() for c in codes.split(",") if c.strip()]
        try:
            set_offered_services(unit, wanted)
        except NotAServiceUnit:
            raise click.ClickException(f"{code} is not a service unit.") from None
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        db.session.commit()
    click.echo(f"{code}: {', '.join(offered_services(unit)) or '-'}")


@referrals_group.command("overdue")
def overdue_command() -> None:
    """Count overdue referrals per receiving unit (no survivor data)."""
    rows = db.session.execute(
        select(Organisation.code, Referral.status, func.count(Referral.id))
        .join(Organisation, Organisation.id == Referral.to_org_id)
        .where(overdue_clause()).group_by(Organisation.code, Referral.status)
        .order_by(Organisation.code, Referral.status)
    ).all()
    for code, status, count in rows:
        click.echo(f"{code}\t{status}\t{count}")
    if not rows:
        click.echo("No overdue referrals.")


def register_commands(app: Flask) -> None:
    """Add this domain's commands to the app's CLI."""
    app.cli.add_command(referrals_group)
