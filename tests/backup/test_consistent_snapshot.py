"""A backup is one snapshot: changes made while it runs are not in it, and a file deleted
meanwhile is named as missing, at create and at restore, never dropped silently."""

from __future__ import annotations

import json
import tarfile

from sqlalchemy import func, select

from casework.attachments.models import Attachment
from casework.attachments.operations import delete_attachment
from casework.backup import archive, snapshot
from casework.cases.models import Case
from casework.extensions import db
from tests.conftest import POSTGRES_URL


def _change_while_backing_up(app, make_case, user) -> None:
    """What the app does meanwhile: an attachment (row and file) deleted, a case registered."""
    with app.app_context():
        attachment = db.session.scalars(select(Attachment).order_by(Attachment.id)).first()
        delete_attachment(attachment, db.session.get(Case, attachment.case_id))
        db.session.commit()
    make_case(user, name="Ratna 9", nik="3204054507900299")


def _inject(monkeypatch, change) -> None:
    """Run the change at the worst moment: PostgreSQL while pg_dump starts on the exported
    snapshot, SQLite right after the copy is taken (before the files are read)."""
    if POSTGRES_URL:
        real = snapshot.run_tool

        def run_tool(command, name):
            if name == "pg_dump":
                change()
            real(command, name)

        monkeypatch.setattr(snapshot, "run_tool", run_tool)
        return
    real_snapshot = archive.snapshot_database

    def snapshot_database(stage):
        taken = real_snapshot(stage)
        change()
        return taken

    monkeypatch.setattr(archive, "snapshot_database", snapshot_database)


def test_changes_during_the_backup_stay_out_of_it(app, runner, filled, fresh, make_case,
                                                  monkeypatch, tmp_path):
    """Counts and files are those of the dump; the deleted file is reported, not hidden."""
    _inject(monkeypatch, lambda: _change_while_backing_up(app, make_case, filled["user"]))
    path = tmp_path / "b.tar.gz"
    made = runner.invoke(args=["backup", "create", str(path)])
    assert made.exit_code == 0, made.output
    assert "3 cases, 2 attachments" in made.output
    assert "1 attachment file(s) were missing" in made.output
    with tarfile.open(path) as archive_file:
        manifest = json.loads(archive_file.extractfile("manifest.json").read())
    assert manifest["counts"]["cases"] == 3 and len(manifest["missing_attachments"]) == 1
    restored = fresh.test_cli_runner().invoke(args=["backup", "restore", str(path)])
    assert restored.exit_code == 0, restored.output
    assert "1 attachment(s) are recorded in the database but their file was not in the backup" \
        in restored.output
    with fresh.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 3
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 2
        lost = db.session.scalar(select(Attachment).where(
            Attachment.storage_name == manifest["missing_attachments"][0]))
        reference = db.session.get(Case, lost.case_id).reference
    assert f"case {reference}, attachment {lost.id}" in restored.output


def test_a_complete_backup_reports_nothing_missing(runner, filled, fresh, tmp_path):
    """Without changes meanwhile, create and restore warn of nothing."""
    path = tmp_path / "b.tar.gz"
    made = runner.invoke(args=["backup", "create", str(path)])
    assert made.exit_code == 0 and "missing" not in made.output
    restored = fresh.test_cli_runner().invoke(args=["backup", "restore", str(path)])
    assert restored.exit_code == 0 and "Warning" not in restored.output
