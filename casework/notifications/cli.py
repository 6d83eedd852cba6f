"""Commands: `casework notify send` (every minute), `casework notify digest` (daily),
`casework notify test-email`. See docs/notifications.md."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from casework.config import deadline_problems
from casework.extensions import db
from casework.notifications.digest import make_digests
from casework.notifications.errors import DeliveryFailed
from casework.notifications.escalation import escalate_overdue
from casework.notifications.messages import Message, login_url
from casework.notifications.outbox import send_due
from casework.notifications.smtp import send_email

notify_group = AppGroup("notify", help="Deliver staff notifications (no survivor data).")


def _check_settings() -> None:
    """Refuse to run with a deadline that is zero or negative (as the app refuses to start)."""
    problems = deadline_problems(current_app.config)
    if problems:
        raise click.ClickException(" ".join(problems))


@notify_group.command("send")
def send_command() -> None:
    """Escalate overdue urgent referrals, make the daily summaries once the hour has come,
    and deliver every due email and SMS. Safe to run every minute, and twice at once."""
    _check_settings()
    escalated = escalate_overdue()
    db.session.commit()
    digests = make_digests()
    report = send_due()
    click.echo(f"escalated {escalated}, summaries {digests}, sent {report.sent}, "
               f"to retry {report.retried}, failed {report.failed}")
    if report.deferred:
        click.echo(f"  {report.deferred} left for the next run (this one ran long)", err=True)
    for reason, count in sorted(report.errors.items()):
        click.echo(f"  {count} x {reason}", err=True)


@notify_group.command("digest")
def digest_command() -> None:
    """Make today's summaries now, whatever the hour (once a day per person), and send them."""
    _check_settings()
    digests = make_digests(any_hour=True)
    report = send_due()
    click.echo(f"summaries {digests}, sent {report.sent}, to retry {report.retried}, "
               f"failed {report.failed}")


@notify_group.command("test-email")
@click.argument("address")
def test_email_command(address: str) -> None:
    """Send one test email to ADDRESS, to check the SMTP settings."""
    message = Message("Casework: test", f"SMTP works. {login_url()}")
    try:
        send_email(address, message, current_app.config)
    except DeliveryFailed as failure:
        raise click.ClickException(f"not sent: {failure.reason}") from None
    click.echo("sent")


def register_commands(app: Flask) -> None:
    """Add this domain's commands to the app's CLI."""
    app.cli.add_command(notify_group)
