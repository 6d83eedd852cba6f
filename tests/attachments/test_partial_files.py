"""Issue 16, item 7: an upload that fails (a full disk while writing, or a commit that fails
after it) leaves no file behind; half-written files a killed process left are swept at
start-up and by `casework purge`; the log names the errno."""

from __future__ import annotations

import errno
import io
import logging
import os
import time
from pathlib import Path

from sqlalchemy import func, select

from casework import create_app
from casework.attachments.models import Attachment
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes
from tests.web.failing_database import commits_fail


def _files(app) -> list[str]:
    folder = Path(app.config["ATTACHMENTS_PATH"])
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _post(client, case):
    return client.post(f"/cases/{case.reference}/attachments",
                       data={"file": (io.BytesIO(pdf_bytes()), "visum.pdf")},
                       content_type="multipart/form-data")


def test_disk_full_while_writing_leaves_no_part_file(app, client, login, staff, monkeypatch,
                                                     caplog):
    login(client, staff["paralegal"])

    def disk_full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with caplog.at_level(logging.ERROR, logger="casework"):
        response = _post(client, staff["case"])
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)
    assert _files(app) == []
    assert any("ENOSPC" in r.getMessage() for r in caplog.records)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_failed_commit_takes_the_new_file_with_it(app, client, login, staff):
    login(client, staff["paralegal"])
    with app.app_context():
        engine = db.engine
    with commits_fail(engine):
        response = _post(client, staff["case"])
    assert response.status_code == 503
    assert _files(app) == []


def test_a_committed_upload_keeps_its_file(app, client, login, staff):
    login(client, staff["paralegal"])
    assert _post(client, staff["case"]).status_code == 302
    assert len(_files(app)) == 1 and not _files(app)[0].endswith(".part")


def _leftovers(app) -> tuple[Path, Path]:
    """A half-written file two hours old, and one being written now."""
    folder = Path(app.config["ATTACHMENTS_PATH"])
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh = folder / ("a" * 32 + ".part"), folder / ("b" * 32 + ".part")
    stale.write_bytes(b"half"), fresh.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    return stale, fresh


def test_stale_part_files_are_swept_at_start_up(app):
    stale, fresh = _leftovers(app)
    create_app({**app.config, "TESTING": True})
    assert not stale.exists() and fresh.exists()


def test_stale_part_files_are_swept_by_purge(app, runner):
    stale, fresh = _leftovers(app)
    result = runner.invoke(args=["purge", "--list"])
    assert "Removed 1 half-written attachment file(s)" in result.output
    assert not stale.exists() and fresh.exists()
