"""Fixtures of the attachment tests: small real files of each kind, and a case to attach to."""

from __future__ import annotations

import io
import zlib

import pytest
from sqlalchemy import update

from casework.accounts.models import User
from casework.extensions import db

CANARY = b"ATTACHMENT-CANARY-7f3e"


def pdf_bytes() -> bytes:
    """A minimal PDF holding the canary text."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% " + CANARY
            + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def png_bytes() -> bytes:
    """A 1x1 PNG with the canary in a text chunk."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = chunk(b"IHDR", (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + header + chunk(b"tEXt", b"c\x00" + CANARY)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def jpeg_bytes() -> bytes:
    """Enough of a JPEG to pass the content check (start, a comment, end)."""
    return b"\xff\xd8\xff\xfe" + len(CANARY).to_bytes(2, "big") + CANARY + b"\xff\xd9"


@pytest.fixture
def staff(app, make_org, make_user, make_case):
    """A centre's paralegal (English) with a case, a colleague, and another centre's paralegal."""
    centre = make_org()
    people = {"paralegal": make_user("paralegal", centre),
              "colleague": make_user("paralegal", centre),
              "stranger": make_user("paralegal"),
              "service": make_user("service_staff", make_org("uptd_ppa"))}
    with app.app_context():
        db.session.execute(update(User).values(locale="en"))
        db.session.commit()
    people["case"] = make_case(people["paralegal"])
    return people


@pytest.fixture
def upload(client, login):
    """Upload bytes under a file name as a user; returns the response after redirects."""

    def do(user, case, data: bytes, name: str, content_type: str = "application/octet-stream"):
        login(client, user)
        return client.post(f"/cases/{case.reference}/attachments",
                           data={"file": (io.BytesIO(data), name, content_type)},
                           content_type="multipart/form-data", follow_redirects=True)

    return do
