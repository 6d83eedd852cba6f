"""`casework purge`: list the cases past the retention period, then purge them for a reason,
after a confirmation (or --reason and --yes, for scripts)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from casework.attachments.storage import remove_stale_parts
from casework.extensions import db
from casework.retention.forms import REASON_LABELS


def _reason_labels() -> dict[str, str]:
    """The purge form's reasons, in English like the rest of the command line."""
    with force_locale("en"):
        return {code: str(label) for code, label in REASON_LABELS.items()}


def _ask_reason() -> str:
    """The reason, chosen from the purge form's list (one list for both)."""
    labels = _reason_labels()
    click.echo("Why are these cases purged?")
    for code, label in labels.items():
        click.echo(f"  {code:<18} {label}")
    return click.prompt("Reason", type=click.Choice(list(labels)), show_choices=False)


@click.command("purge")
@click.option("--reason", type=click.Choice(list(REASON_LABELS)),
              help="Why the cases are purged (asked when not given).")
@click.option("--yes", is_flag=True, help="Purge without asking to confirm (scripts; needs --reason).")
@click.option("--list", "list_only", is_flag=True, help="Only list the cases; purge nothing.")
@with_appcontext
def purge_command(reason: str | None, yes: bool, list_only: bool) -> None:
    """List closed cases past RETENTION_YEARS (a child's from
    her 18th birthday); purge them for a reason, once confirmed."""
    from casework.retention.operations import cases_past_retention, purge_case

    swept = remove_stale_parts(current_app._get_current_object())
    if swept:
        click.echo(f"Removed {swept} half-written attachment file(s) left by an interrupted upload.")
    cases = cases_past_retention()
    years = current_app.config["RETENTION_YEARS"]
    if not cases:
        click.echo(f"No closed case is past the retention period ({years} years).")
        return
    click.echo(f"{len(cases)} closed case(s) past the retention period ({years} years):")
    for case in cases:
        closed = (case.closed_at or case.updated_at).date().isoformat()
        click.echo(f"  {case.reference}  closed {closed}")
    if list_only:
        click.echo("Nothing was purged (--list).")
        return
    if yes and not reason:
        raise click.ClickException("Nothing was purged: --yes needs --reason "
                                   f"({', '.join(REASON_LABELS)}).")
    reason = reason or _ask_reason()
    question = (f"Purge these {len(cases)} case(s) because: {_reason_labels()[reason]}? Their "
                "identifying data and files are destroyed for good")
    if not yes and not click.confirm(question, default=False):
        click.echo("Nothing was purged.")
        return
    for case in cases:
        purge_case(case, reason)
    db.session.commit()
    click.echo(f"Purged {len(cases)} case(s).")


def register_commands(app: Flask) -> None:
    """Add `purge`, and the purge page (until the lead lists retention.views in BLUEPRINT_MODULES)."""
    from casework.retention.views import bp

    app.cli.add_command(purge_command)
    if bp.name not in app.blueprints:
        app.register_blueprint(bp)
