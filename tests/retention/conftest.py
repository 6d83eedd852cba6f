"""Fixtures of the purge tests: a closed case with every kind of data, and its supervisor."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import update

from casework.accounts.models import User
from casework.cases.models import Case
from casework.database import utcnow
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes


def close(app, case, years_ago: float = 0) -> None:
    """Close a case (directly: the closure workflow is another domain's)."""
    with app.app_context():
        when = utcnow() - timedelta(days=365.25 * years_ago)
        db.session.execute(update(Case).where(Case.id == case.id)
                           .values(status="closed", closed_at=when, close_reason="needs_met"))
        db.session.commit()


@pytest.fixture
def centre(app, make_org, make_user, make_case, client, login):
    """A centre under an NGO: paralegal, supervisor (both English), two cases, one file."""
    ngo = make_org("ngo")
    org = make_org(parent=ngo)
    paralegal, supervisor = make_user("paralegal", org), make_user("supervisor", ngo)
    with app.app_context():
        db.session.execute(update(User).values(locale="en"))
        db.session.commit()
    case = make_case(paralegal, name="Purnama Sari", nik="3204054507900077",
                     phone="+6281377770000", address="Jl. Kenanga 9", code_word="anggrek")
    other = make_case(paralegal, name="Purnama Dewi", nik="3204054507900078")
    login(client, paralegal)
    client.post(f"/cases/{case.reference}/attachments",
                data={"file": (io.BytesIO(pdf_bytes()), "visum.pdf")},
                content_type="multipart/form-data")
    with app.app_context():
        from casework.cases.break_glass import open_grant

        for handle in (case, other):
            open_grant(db.session.get(User, supervisor.id), db.session.get(Case, handle.id),
                       "Purge review")
        db.session.commit()
    return {"paralegal": paralegal, "supervisor": supervisor, "case": case, "other": other}
