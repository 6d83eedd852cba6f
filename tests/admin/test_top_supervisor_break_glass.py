"""Issue 16: the break-glass openings of an organisation's top supervisor (whom no other
supervisor oversees) are shown to the admins: log metadata only, never survivor data."""

from __future__ import annotations

import pytest

from tests.access.matrix import World
from tests.conftest import case_data

REASON = "Rahasia alasan: korban menelepon soal sidang."


@pytest.fixture
def world(app, make_org, make_user, make_case) -> World:
    """Two trees, a supervisor at the top of the home tree."""
    return World(app, make_org, make_user, make_case)


def test_admin_sees_the_top_supervisors_openings_without_reason_or_survivor(
        app, world, login, make_user):
    """The top supervisor's opening is listed with who and which case; a centre supervisor's
    (overseen by the NGO's) is not; the reason and the survivor's name never are."""
    top = login(app.test_client(), world.callers["supervisor"])
    reference = world.cases["own_unassigned"].reference
    top.post(f"/cases/{reference}/reason", data={"reason": REASON})
    centre_supervisor = make_user("supervisor", world.home_centre)
    centre = login(app.test_client(), centre_supervisor)
    other = world.cases["own_assigned"].reference
    centre.post(f"/cases/{other}/reason", data={"reason": REASON})
    admin = login(app.test_client(), world.callers["admin"])
    page = admin.get("/admin/break-glass")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert world.callers["supervisor"].username in text and reference in text
    assert centre_supervisor.username not in text and other not in text
    assert REASON not in text and case_data()["name"] not in text


def test_an_empty_list_says_so(app, world, login):
    """No opening yet: the page says nothing was opened this way."""
    admin = login(app.test_client(), world.callers["admin"])
    assert "Belum ada kasus" in admin.get("/admin/break-glass").get_data(as_text=True)
