"""`casework keys status|rotate|reencrypt|retire`: key rotation for the operator."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from casework.crypto import reindex, rotation
from casework.crypto.errors import KeyringError
from casework.crypto.keyring import Keyring, current_keyring

keys_group = AppGroup("keys", help="Inspect, rotate and retire the encryption keys.")


def _ring() -> Keyring:
    """The loaded keyring, or a clear error for the operator (a wrong one is refused too)."""
    problem = current_app.config.get("KEYRING_PROBLEM")
    if problem:
        raise click.ClickException(problem)
    try:
        return current_keyring()
    except KeyringError as exc:
        raise click.ClickException(str(exc)) from None


def _echo_usage(title: str, usage: dict[str, int], primary: str) -> None:
    """Print one table of values per key id, marking the primary."""
    click.echo(title)
    if not usage:
        click.echo("  (no values yet)")
    for key_id, count in sorted(usage.items()):
        mark = "  <- primary" if key_id == primary else ""
        click.echo(f"  {key_id:<10} {count:>10}{mark}")


@keys_group.command("status")
@click.option("--columns", is_flag=True, help="Also list the counts of each encrypted column.")
def status_command(columns: bool) -> None:
    """Count the stored values per key id, across every encrypted column."""
    ring = _ring()
    usage = rotation.data_key_usage(ring)
    _echo_usage("Data keys (encrypted values):", usage, ring.primary)
    for key_id in ring.data_keys:
        if key_id != ring.primary and not usage.get(key_id):
            click.echo(f"  key {key_id} is no longer used: `casework keys retire {key_id}`")
    _echo_usage("Index keys (blind-index entries):", rotation.index_key_usage(), ring.index_primary)
    if columns:
        for name, counts in rotation.column_usage(ring).items():
            click.echo(f"  {name}: " + ", ".join(f"{k}={n}" for k, n in sorted(counts.items())))
    for name in rotation.undeclared_columns():
        click.echo(f"Warning: {name} looks encrypted but no model declares it; it is not rotated.")


@keys_group.command("rotate")
@click.option("--data/--no-data", default=True, show_default=True, help="Add a new primary data key.")
@click.option("--index", is_flag=True, help="Also add a new blind-index key (indexes are rebuilt).")
def rotate_command(data: bool, index: bool) -> None:
    """Add new primary keys; older ones stay for reading until `keys reencrypt` is done."""
    if not data and not index:
        raise click.ClickException("Nothing to rotate: leave out --no-data or add --index.")
    try:
        added = rotation.rotate(_ring(), data=data, index=index)
    except rotation.RotationRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"New primary key(s): {', '.join(added)}. The keys file was rewritten.")
    click.echo("Back up the keys file again now. The app on this host takes it up at its next")
    click.echo("request; copy it to every other app host, then run `casework keys reencrypt`.")


@keys_group.command("reencrypt")
@click.option("--batch-size", default=rotation.DEFAULT_BATCH, show_default=True,
              type=click.IntRange(1, 10000))
def reencrypt_command(batch_size: int) -> None:
    """Re-encrypt every value under the primary key, in short batches (safe to stop and rerun)."""
    ring = _ring()
    unreadable: list[rotation.Unreadable] = []
    try:
        _reencrypt_values(ring, batch_size, unreadable)
        _rebuild_indexes(ring, batch_size, unreadable)
    except KeyringError as exc:
        raise click.ClickException(f"{exc} Check the keys file holds every key "
                                   "`casework keys status` lists.") from None
    _record_reencrypt("error" if unreadable else "ok")
    if unreadable:
        _report_unreadable(unreadable)
    click.echo("Done: every value uses the primary keys.")
    for key_id in [*ring.data_keys, *ring.index_keys]:
        if key_id not in (ring.primary, ring.index_primary):
            click.echo(f"  Key {key_id} can now be retired: `casework keys retire {key_id}`.")


def _reencrypt_values(ring: Keyring, batch_size: int,
                      unreadable: list[rotation.Unreadable]) -> None:
    """Re-encrypt the stale rows with a progress bar, going on past values that will not open."""
    total = rotation.stale_row_count(ring) + rotation.stale_extra_count(ring)
    with click.progressbar(length=max(total, 1), label="Re-encrypting values",
                           show_pos=True, show_eta=True) as bar:
        for done in rotation.reencrypt_batches(ring, batch_size, unreadable):
            bar.update(done)


def _rebuild_indexes(ring: Keyring, batch_size: int,
                     unreadable: list[rotation.Unreadable]) -> None:
    """Recompute blind indexes written under an older index key, with a progress bar."""
    total = reindex.stale_index_count(ring)
    if not total:
        return
    with click.progressbar(length=total, label="Rebuilding search indexes", show_pos=True) as bar:
        done, after = reindex.reindex_batch(ring, batch_size, unreadable=unreadable)
        while done:
            bar.update(done)
            done, after = reindex.reindex_batch(ring, batch_size, after, unreadable)


def _report_unreadable(unreadable: list[rotation.Unreadable]) -> None:
    """Name every value that would not open (its place, never its content), then fail."""
    click.echo(f"{len(unreadable)} stored value(s) could not be opened with any key of the "
               "keys file; they were left as they are (everything else was re-encrypted):",
               err=True)
    for item in unreadable:
        click.echo(f"  {item}", err=True)
    raise click.ClickException(
        "Not done. Each is recorded in the access log (decrypt_failed). If a key is missing, "
        "put it back in the keys file and run `casework keys reencrypt` again; a value that "
        "was tampered with must be typed in again from the paper record. Do not retire the "
        "old keys until `casework keys status` shows none in use.")


def _record_reencrypt(outcome: str) -> None:
    """One audit entry for the whole run."""
    from casework.audit.operations import record
    from casework.extensions import db

    record("keys_reencrypt", object_type="keyring", outcome=outcome)
    db.session.commit()


@keys_group.command("retire")
@click.argument("key_id")
def retire_command(key_id: str) -> None:
    """Remove an old key from the keys file; refused while any value still uses it."""
    try:
        kind = rotation.retire(_ring(), key_id)
    except rotation.RotationRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"The {kind} key {key_id} was removed from the keys file. Back up the keys file again.")


def register_commands(app: Flask) -> None:
    """Add `keys` to the app's CLI."""
    app.cli.add_command(keys_group)
