"""`casework backup create PATH` and `casework backup restore PATH`."""

from __future__ import annotations

import os
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from casework.backup.archive import BackupError, Summary, create_backup
from casework.backup.restore import restore_backup
from casework.extensions import db

backup_group = AppGroup("backup", help="Back up and restore the database and attachments.")


def _ring():
    """The loaded keyring, or None (a fresh instance may not have its keys file yet)."""
    return current_app.extensions.get("casework_keyring")


def _audit(action: str) -> None:
    """One audit entry for the operator's act (only when the keys are loaded)."""
    from casework.audit.operations import record

    if _ring() is not None:
        record(action, object_type="database")
        db.session.commit()


@backup_group.command("create")
@click.argument("path", type=click.Path())
def create_command(path: str) -> None:
    """Write one backup file: database snapshot, encrypted attachments, manifest. Never the keys.

    PATH is the file, or a folder to write casework-YYYY-MM-DD-HHMMSS.tar.gz into (the
    nightly timer's way: systemd runs no shell to put the date in the name)."""
    if os.path.isdir(path):
        path = os.path.join(path, f"casework-{datetime.now():%Y-%m-%d-%H%M%S}.tar.gz")
    _audit("backup_create")
    try:
        summary = create_backup(path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backup written to {path}: {summary.cases} cases, {summary.attachments} "
               f"attachments, {summary.audit_entries} audit entries.")
    if summary.missing:
        click.echo(f"Warning: {len(summary.missing)} attachment file(s) were missing from "
                   "the store (deleted or re-encrypted while the backup ran?) and are listed "
                   "in the manifest; make the backup again.", err=True)
    click.echo(f"It needs these keys to restore: {_key_list(summary)}.")
    click.echo("The keys are NOT in this file: keep a copy of the keys file separately "
               "(see docs/backup.md).")


def _key_list(summary: Summary) -> str:
    """The data and index key ids a backup needs, for the operator's label."""
    ids = summary.key_ids
    parts = [f"data {', '.join(ids.get('data', []))}" if ids.get("data") else "",
             f"index {', '.join(ids.get('index', []))}" if ids.get("index") else ""]
    return "; ".join(p for p in parts if p) or "none (no encrypted values yet)"


@backup_group.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace an instance that already holds data.")
def restore_command(path: str, force: bool) -> None:
    """Restore a backup into this (fresh) instance, after checking every checksum."""
    try:
        summary = restore_backup(path, _ring(), force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    _audit("backup_restore")
    click.echo(f"Restored {summary.cases} cases, {summary.attachments} attachments and "
               f"{summary.audit_entries} audit entries. Run `casework audit verify` next.")
    if summary.missing:
        click.echo(f"Warning: {len(summary.missing)} attachment(s) are recorded in the "
                   "database but their file was not in the backup (it was missing when the "
                   "backup was made); they cannot be downloaded:", err=True)
        for line in summary.missing:
            click.echo(f"  {line}", err=True)


def register_commands(app: Flask) -> None:
    """Add `backup` to the app's CLI."""
    app.cli.add_command(backup_group)
