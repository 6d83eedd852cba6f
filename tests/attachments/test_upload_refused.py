"""Files that are not PDF, JPEG or PNG, that lie about their type, or are too large: refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.attachments.models import Attachment
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes, png_bytes


def _nothing_stored(app) -> bool:
    folder = Path(app.config["ATTACHMENTS_PATH"])
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(Attachment))
    return rows == 0 and (not folder.exists() or not list(folder.iterdir()))


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"MZ\x90\x00 this is a program", "laporan.pdf", b"says it is a PDF"),
    (b"<html><script>alert(1)</script></html>", "foto.png", b"says it is a PNG"),
    (png_bytes(), "visum.pdf", b"says it is a PDF"),
    (pdf_bytes()[:-8], "visum.pdf", b"says it is a PDF"),
    (png_bytes()[:30], "foto.png", b"says it is a PNG"),
    (b"PK\x03\x04 word document", "surat.docx", b"Only PDF, JPEG and PNG"),
    (b"", "kosong.pdf", b"The file is empty."),
])
def test_refused_with_a_clear_message(app, staff, upload, data, name, message):
    """Each bad file gets its message, and nothing is written anywhere."""
    page = upload(staff["paralegal"], staff["case"], data, name)
    assert page.status_code == 200
    assert message in page.data
    assert _nothing_stored(app)


def test_claimed_by_the_browser_type_too(app, staff, upload):
    """A file with no ending but sent as application/pdf must really be a PDF."""
    page = upload(staff["paralegal"], staff["case"], b"GIF89a....", "scan", "application/pdf")
    assert b"says it is a PDF" in page.data
    assert _nothing_stored(app)


@pytest.mark.parametrize("app_config", [{"ATTACHMENT_MAX_BYTES": 2048}])
def test_over_the_configured_limit(app, staff, upload):
    """Larger than ATTACHMENT_MAX_BYTES: refused with the limit named."""
    big = b"%PDF-1.4\n" + b"0" * 4096 + b"\n%%EOF\n"
    page = upload(staff["paralegal"], staff["case"], big, "besar.pdf")
    assert b"larger than" in page.data
    assert _nothing_stored(app)


def test_a_one_gigabyte_upload_is_stopped_at_the_door(app, client, login, staff):
    """A request claiming 1 GB is answered 413 before its body is read."""
    login(client, staff["paralegal"])

    class Endless:
        """A body that would take forever to send."""

        read_calls, position = 0, 0

        def tell(self):
            return self.position

        def seek(self, offset, whence=0):
            self.position = 1024 ** 3 if whence == 2 else offset

        def read(self, *_args):
            Endless.read_calls += 1
            return b"0" * 65536

    response = client.post(
        f"/cases/{staff['case'].reference}/attachments", input_stream=Endless(),
        content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert b"The upload is too large." in response.data
    assert Endless.read_calls < 5
    assert _nothing_stored(app)


def test_closed_case_takes_no_files(app, staff, upload):
    """A closed case keeps its files but takes no new ones."""
    from sqlalchemy import update

    from casework.cases.models import Case

    with app.app_context():
        db.session.execute(update(Case).values(status="closed"))
        db.session.commit()
    page = upload(staff["paralegal"], staff["case"], pdf_bytes(), "a.pdf")
    assert b"This case is closed" in page.data
    assert _nothing_stored(app)
