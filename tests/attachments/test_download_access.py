"""Only those who may see the case download its files; service staff only through a rule."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from casework.attachments import access
from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes


@pytest.fixture
def link(staff, upload):
    """The download link of a PDF on the paralegal's case."""
    page = upload(staff["paralegal"], staff["case"], pdf_bytes(), "a.pdf")
    return re.search(rb'href="(/attachments/[0-9a-f-]{36})"', page.data).group(1).decode()


@pytest.mark.parametrize("who", ["colleague", "stranger", "service"])
def test_others_get_a_logged_404(app, client, login, staff, link, who):
    """Unassigned colleague, other centre, service staff without a shared referral: 404."""
    login(client, staff[who])
    assert client.get(link).status_code == 404
    assert client.post(f"{link}/delete").status_code in (403, 404)
    with app.app_context():
        denied = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "denied")).all()
        assert denied and denied[0].object_type in ("attachment", "case")


def test_admin_never_gets_a_file(client, login, make_user, link):
    """An admin sees no survivor data, files included."""
    login(client, make_user("admin"))
    assert client.get(link).status_code == 404


def test_service_staff_through_a_registered_rule(app, client, login, staff, link, monkeypatch):
    """When the referrals rule says the documents group is shared, the unit may download."""
    monkeypatch.setattr(access, "_SERVICE_RULES", [])
    seen = []

    def shares_documents(user, attachment):
        seen.append((user.id, attachment.case_id))
        return user.id == staff["service"].id

    access.register_download_rule(shares_documents)
    login(client, staff["service"])
    response = client.get(link)
    assert response.status_code == 200 and response.data == pdf_bytes()
    assert seen == [(staff["service"].id, staff["case"].id)]
    assert client.post(f"{link}/delete").status_code in (403, 404)


def test_unknown_id_looks_like_a_hidden_one(client, login, staff, link):
    """A random id answers like a file one may not see."""
    login(client, staff["stranger"])
    assert client.get("/attachments/00000000-0000-4000-8000-000000000000").status_code == 404
