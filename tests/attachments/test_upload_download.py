"""A file attached to a case is stored encrypted and comes back only as a no-store download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.attachments.models import Attachment
from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.attachments.conftest import CANARY, jpeg_bytes, pdf_bytes, png_bytes


def _download_link(page: bytes) -> str:
    return re.search(rb'href="(/attachments/[0-9a-f-]{36})"', page).group(1).decode()


@pytest.mark.parametrize(("maker", "name", "kind"), [
    (pdf_bytes, "Surat visum.pdf", "application/pdf"),
    (png_bytes, "foto.PNG", "image/png"),
    (jpeg_bytes, "ktp.jpeg", "image/jpeg"),
])
def test_round_trip(app, client, staff, upload, maker, name, kind):
    """Upload, see it listed, download the same bytes as an attachment that is never cached."""
    page = upload(staff["paralegal"], staff["case"], maker(), name)
    assert b"File attached." in page.data and name.encode() in page.data
    response = client.get(_download_link(page.data))
    assert response.status_code == 200
    assert response.data == maker()
    assert response.mimetype == kind
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    assert name.encode() not in response.headers["Content-Disposition"].encode()


def test_stored_encrypted_under_a_random_name(app, staff, upload):
    """The attachment folder holds neither the content nor the file's name."""
    upload(staff["paralegal"], staff["case"], pdf_bytes(), "Surat Siti.pdf")
    folder = Path(app.config["ATTACHMENTS_PATH"])
    files = list(folder.iterdir())
    assert len(files) == 1
    assert re.fullmatch(r"[0-9a-f]{32}", files[0].name)
    raw = files[0].read_bytes()
    assert CANARY not in raw and b"%PDF" not in raw
    assert files[0].stat().st_mode & 0o077 == 0
    with app.app_context():
        stored = db.session.scalar(select(Attachment))
        assert stored.filename == "Surat Siti.pdf" and b"Siti" not in stored.filename_enc


def test_upload_and_download_are_audited(app, client, staff, upload):
    """One 'create' and one 'download' entry, with the case reference and no file name."""
    page = upload(staff["paralegal"], staff["case"], pdf_bytes(), "Surat Siti.pdf")
    client.get(_download_link(page.data))
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "attachment")).all()
        assert [e.action for e in entries] == ["create", "download"]
        assert all(e.case_ref == staff["case"].reference for e in entries)
        assert all(b"Siti" not in e.canonical() for e in entries)


def test_paralegal_removes_a_mistaken_upload(app, client, staff, upload):
    """Removing destroys the file and the record."""
    page = upload(staff["paralegal"], staff["case"], pdf_bytes(), "salah.pdf")
    link = _download_link(page.data)
    response = client.post(f"{link}/delete", follow_redirects=True)
    assert b"File removed." in response.data
    assert list(Path(app.config["ATTACHMENTS_PATH"]).iterdir()) == []
    assert client.get(link).status_code == 404


def test_tampered_file_is_refused(app, client, staff, upload):
    """A flipped bit in the stored file: a generic error, never the bytes."""
    page = upload(staff["paralegal"], staff["case"], pdf_bytes(), "a.pdf")
    stored = next(Path(app.config["ATTACHMENTS_PATH"]).iterdir())
    raw = bytearray(stored.read_bytes())
    raw[-5] ^= 1
    stored.write_bytes(bytes(raw))
    response = client.get(_download_link(page.data))
    assert response.status_code == 500 and CANARY not in response.data
