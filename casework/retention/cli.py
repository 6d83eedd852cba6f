"""`casework purge`: list the cases past the retention period and, with --yes, purge them."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from casework.extensions import db


@click.command("purge")
@click.option("--yes", is_flag=True, help="Purge the cases listed (otherwise only list them).")
@with_appcontext
def purge_command(yes: bool) -> None:
    """List closed cases past RETENTION_YEARS (a child's from her 18th birthday); purge them
    when --yes is given."""
    from casework.retention.operations import cases_past_retention, purge_case

    cases = cases_past_retention()
    years = current_app.config["RETENTION_YEARS"]
    if not cases:
        click.echo(f"No closed case is past the retention period ({years} years).")
        return
    click.echo(f"{len(cases)} closed case(s) past the retention period ({years} years):")
    for case in cases:
        closed = (case.closed_at or case.updated_at).date().isoformat()
        click.echo(f"  {case.reference}  closed {closed}")
    if not yes:
        click.echo("Nothing was purged. Run `casework purge --yes` to purge them.")
        return
    for case in cases:
        purge_case(case, "retention_reached")
    db.session.commit()
    click.echo(f"Purged {len(cases)} case(s).")


def register_commands(app: Flask) -> None:
    """Add `purge`, and the purge page (until the lead lists retention.views in BLUEPRINT_MODULES)."""
    from casework.retention.views import bp

    app.cli.add_command(purge_command)
    if bp.name not in app.blueprints:
        app.register_blueprint(bp)
