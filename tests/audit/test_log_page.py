"""The access log page: supervisors only, their organisations only, with names of staff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db


def _open_case(client, login, person, case) -> None:
    """A member of staff opens a case page."""
    login(client, person)
    assert client.get(f"/cases/{case.reference}").status_code == 200


@pytest.fixture
def browsed(app, two_ngos, login):
    """Each paralegal has opened their own case once."""
    for key in ("a", "b"):
        side = two_ngos[key]
        _open_case(app.test_client(), login, side["paralegal"], side["case"])
    return two_ngos


def test_supervisor_sees_her_organisations_entries_with_names(client, login, browsed):
    """Names and organisations of her staff and her cases; nothing of the other NGO."""
    a, b = browsed["a"], browsed["b"]
    login(client, a["supervisor"])
    page = client.get("/audit/?lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Dewi Lestari" in text and a["case"].reference in text
    assert "Rina Wati" not in text and b["case"].reference not in text
    assert b["paralegal"].username not in text
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("role", ["paralegal", "service_staff", "admin"])
def test_only_supervisors_reach_the_log(client, login, make_user, role):
    """Everyone else gets the page-does-not-exist answer, and the refusal is logged."""
    login(client, make_user(role))
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.csv").status_code == 404


def test_reading_the_log_is_itself_logged(app, client, login, browsed):
    """A supervisor's look at the log is an entry of its own."""
    login(client, browsed["a"]["supervisor"])
    client.get("/audit/")
    with app.app_context():
        last = db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        assert (last.action, last.object_type, last.actor_id) == (
            "list", "audit_log", browsed["a"]["supervisor"].id)


def test_entries_about_her_cases_by_outsiders_are_shown(app, client, login, browsed):
    """Someone of another organisation trying her case appears in her log, as refused."""
    a, b = browsed["a"], browsed["b"]
    outsider = app.test_client()
    login(outsider, b["paralegal"])
    assert outsider.get(f"/cases/{a['case'].reference}").status_code == 404
    login(client, a["supervisor"])
    text = client.get(f"/audit/?case={a['case'].reference}").get_data(as_text=True)
    assert "Rina Wati" in text and "flag-denied" in text


def test_person_page_shows_one_persons_history(client, login, browsed):
    """A paralegal's own history, reached from her name."""
    a = browsed["a"]
    login(client, a["supervisor"])
    page = client.get(f"/audit/people/{a['paralegal'].id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and a["case"].reference in text and "Dewi Lestari" in text


def test_person_of_another_ngo_is_not_found(app, client, login, browsed):
    """Another NGO's staff member: 404, no name shown, the attempt logged as denied."""
    a, b = browsed["a"], browsed["b"]
    login(client, a["supervisor"])
    page = client.get(f"/audit/people/{b['paralegal'].id}")
    assert page.status_code == 404 and "Rina Wati" not in page.get_data(as_text=True)
    with app.app_context():
        last = db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        assert (last.action, last.outcome, last.object_id) == ("denied", "denied", b["paralegal"].id)


def test_the_log_is_paginated(app, client, login, browsed):
    """More entries than a page: a next link, and the second page holds the older ones."""
    app.config["PAGE_SIZE"] = 4
    a = browsed["a"]
    login(client, a["paralegal"])
    for _ in range(6):
        client.get(f"/cases/{a['case'].reference}")
    login(client, a["supervisor"])
    first = client.get("/audit/").get_data(as_text=True)
    assert "page=2" in first
    second = client.get("/audit/?page=2").get_data(as_text=True)
    assert second.count('<li class="note') == 4 and "page=3" in second
