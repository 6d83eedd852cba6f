"""Commands of the reports domain."""

import click
from flask import Flask
from flask.cli import AppGroup

from casework.extensions import db

reports_group = AppGroup("reports", help="Statistics.")


@reports_group.command("rebuild")
def rebuild_command() -> None:
    """Rewrite the statistics table from the cases (after a bulk import or a restore)."""
    from casework.reports.facts import rebuild_all

    count = rebuild_all()
    db.session.commit()
    click.echo(f"statistics rebuilt for {count} cases")


def register_commands(app: Flask) -> None:
    """Add this domain's commands to the app's CLI."""
    app.cli.add_command(reports_group)
