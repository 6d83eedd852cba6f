"""A supervisor's case list holds every centre's cases, newest first across all of them, a page
at a time, and filters by status; nobody else's cases appear."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from casework.cases.models import Case
from casework.extensions import db


@pytest.fixture
def app_config() -> dict:
    """Small pages, so a few cases make several."""
    return {"PAGE_SIZE": 3}


def _references(html: str) -> list[str]:
    """The case references of a list page, in order."""
    return re.findall(r'<strong class="ref">([A-Z0-9-]+)</strong>', html)


def _dated(app, cases, start: datetime) -> list[str]:
    """Give the cases creation times a day apart, oldest first; their references newest first."""
    with app.app_context():
        for days, case in enumerate(cases):
            db.session.execute(update(Case).where(Case.id == case.id)
                               .values(created_at=start + timedelta(days=days)))
        db.session.commit()
    return [case.reference for case in reversed(cases)]


def test_supervisor_pages_through_every_centre_newest_first(app, client, login, make_org,
                                                            make_user, make_case):
    """Seven cases over three centres, interleaved in time: three pages in one order."""
    ngo = make_org("ngo")
    paralegals = [make_user("paralegal", make_org("community_centre", parent=ngo))
                  for _ in range(3)]
    cases = [make_case(paralegals[n % 3]) for n in range(7)]
    newest_first = _dated(app, cases, datetime(2026, 1, 1, tzinfo=UTC))
    outsider = make_case(make_user("paralegal", make_org("community_centre")))
    login(client, make_user("supervisor", ngo))
    pages = [client.get(f"/cases/?page={n}").get_data(as_text=True) for n in (1, 2, 3)]
    assert [ref for html in pages for ref in _references(html)] == newest_first
    assert "page=2" in pages[0] and "page=4" not in pages[2]
    assert all(outsider.reference not in html for html in pages)


def test_status_filter_keeps_the_order(app, client, login, make_org, make_user, make_case):
    """Only closed cases, still newest first."""
    ngo = make_org("ngo")
    paralegal = make_user("paralegal", make_org("community_centre", parent=ngo))
    cases = [make_case(paralegal) for _ in range(4)]
    newest_first = _dated(app, cases, datetime(2026, 2, 1, tzinfo=UTC))
    with app.app_context():
        db.session.execute(update(Case).where(Case.id.in_([cases[0].id, cases[2].id]))
                           .values(status="closed"))
        db.session.commit()
    login(client, make_user("supervisor", ngo))
    html = client.get("/cases/?status=closed").get_data(as_text=True)
    assert _references(html) == [ref for ref in newest_first
                                 if ref in (cases[0].reference, cases[2].reference)]
