"""Commands: `casework audit verify [--checkpoint FILE-or-text]` and `casework audit checkpoint`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from casework.audit.acknowledgement import acknowledged_predicate
from casework.audit.chain import (
    BATCH_SIZE,
    CHECKPOINT_PREFIX,
    CheckpointError,
    compare_with_checkpoint,
    make_checkpoint,
    parse_checkpoint,
    verify_chain,
)
from casework.crypto.errors import KeyringError

audit_group = AppGroup("audit", help="Check the access log and sign its head.")


def _checkpoint_text(value: str) -> str:
    """The checkpoint given as a file name, or as the line itself."""
    if value.lstrip().startswith(CHECKPOINT_PREFIX):
        return value
    try:
        return Path(value).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return value  # not a readable file: parse_checkpoint will say what is wrong


def _verified(batch_size: int):
    """Verify the chain (acknowledged ranges marked), turning a missing keyring into a clear error."""
    try:
        return verify_chain(batch_size, acknowledged_predicate())
    except KeyringError as exc:
        raise click.ClickException(f"The keyring is not available: {exc}") from None


def _echo_ranges(report) -> None:
    """Every broken range, first to last, and whether a supervisor acknowledged it."""
    for broken in report.broken:
        mark = "acknowledged" if broken.acknowledged else "NOT acknowledged"
        click.echo(f"  broken: {broken.describe()} [{mark}]", err=not broken.acknowledged)


@audit_group.command("verify")
@click.option("--checkpoint", "checkpoint", metavar="FILE-OR-TEXT",
              help="A checkpoint printed earlier by `casework audit checkpoint`.")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(1, 100_000))
def verify_command(checkpoint: str | None, batch_size: int) -> None:
    """Check every entry's place and MAC; list every broken range; exit 1 while one is not
    acknowledged (docs/audit.md says what to do)."""
    parsed = None
    if checkpoint:
        try:
            parsed = parse_checkpoint(_checkpoint_text(checkpoint))
        except CheckpointError as exc:
            raise click.ClickException(str(exc)) from None
    report = _verified(batch_size)
    if parsed is not None:
        report = compare_with_checkpoint(report, parsed)
    if not report.ok:
        click.echo(f"FAILED at sequence number {report.bad_seq}: {report.problem}.", err=True)
        _echo_ranges(report)
        click.echo(f"{report.checked} entries verified, head at {report.head_seq}. "
                   "See docs/audit.md: what to do when verify fails.", err=True)
        raise SystemExit(1)
    _echo_ranges(report)
    against = f", and it holds checkpoint entry {parsed.seq}" if parsed else ""
    click.echo(f"OK: {report.checked} entries verified, head at {report.head_seq}{against}.")


@audit_group.command("checkpoint")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(1, 100_000))
def checkpoint_command(batch_size: int) -> None:
    """Verify the chain, then print its signed head: keep the line outside this system."""
    report = _verified(batch_size)
    if not report.ok:
        click.echo(f"Refusing to sign a broken log: sequence number {report.bad_seq}: "
                   f"{report.problem}.", err=True)
        _echo_ranges(report)
        click.echo("A supervisor can acknowledge each range on the access log page once it is "
                   "understood (docs/audit.md); checkpoints resume after that.", err=True)
        raise SystemExit(1)
    click.echo(make_checkpoint(report).text())


def register_commands(app: Flask) -> None:
    """Add this domain's commands to the app's CLI."""
    app.cli.add_command(audit_group)
