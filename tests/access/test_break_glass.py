"""A supervisor opening a case she is not assigned to states a reason first; it is kept
encrypted, flagged in the access log, and lasts a limited time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from casework.audit.models import AuditEntry
from casework.cases.break_glass import BreakGlassGrant
from casework.database import utcnow
from casework.extensions import db
from tests.access.matrix import World
from tests.conftest import case_data

REASON = "Paralegal is on leave; the survivor called about the hearing."


@pytest.fixture
def world(app, make_org, make_user, make_case) -> World:
    """Two trees, a supervisor at the home NGO, cases assigned or not."""
    return World(app, make_org, make_user, make_case)


@pytest.fixture
def supervisor(app, world, login):
    """A client logged in as the home supervisor."""
    return login(app.test_client(), world.callers["supervisor"])


def _flags(app, action: str) -> list[str]:
    """The flags of every audit entry with this action."""
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.flags).where(AuditEntry.action == action)))


def test_unassigned_case_asks_for_a_reason_first(world, supervisor):
    """The case page redirects to the reason form, which shows no survivor data."""
    reference = world.cases["own_unassigned"].reference
    response = supervisor.get(f"/cases/{reference}/edit")
    assert response.status_code == 302
    assert f"/cases/{reference}/reason" in response.headers["Location"]
    form = supervisor.get(response.headers["Location"])
    assert form.status_code == 200
    assert case_data()["name"].encode() not in form.data


def test_reason_opens_the_case_and_is_flagged(app, world, supervisor):
    """After a reason the case opens; the grant and the case view are flagged break_glass."""
    reference = world.cases["own_unassigned"].reference
    response = supervisor.post(f"/cases/{reference}/reason",
                               data={"reason": REASON, "next": f"/cases/{reference}/edit"})
    assert response.headers["Location"].endswith(f"/cases/{reference}/edit")
    page = supervisor.get(f"/cases/{reference}")
    assert page.status_code == 200 and case_data()["name"].encode() in page.data
    assert _flags(app, "break_glass") == ["break_glass"]
    assert any("break_glass" in flags for flags in _flags(app, "view"))


def test_a_short_reason_is_refused(app, world, supervisor):
    """'ok' is not a reason: the form comes back and nothing opens."""
    reference = world.cases["own_unassigned"].reference
    assert supervisor.post(f"/cases/{reference}/reason", data={"reason": "ok"}).status_code == 422
    assert supervisor.get(f"/cases/{reference}").status_code == 302
    assert _flags(app, "break_glass") == []


def test_reason_is_stored_encrypted(app, world, supervisor):
    """The database holds the reason only as ciphertext; the app reads it back."""
    reference = world.cases["own_unassigned"].reference
    supervisor.post(f"/cases/{reference}/reason", data={"reason": REASON})
    with app.app_context():
        raw = db.session.execute(text("SELECT reason_enc FROM break_glass_grant")).scalar_one()
        assert REASON.encode() not in bytes(raw)
        assert db.session.scalars(select(BreakGlassGrant)).one().reason == REASON


def test_the_grant_expires(app, world, supervisor):
    """When the grant's time is over, the reason is asked for again."""
    reference = world.cases["own_unassigned"].reference
    supervisor.post(f"/cases/{reference}/reason", data={"reason": REASON})
    assert supervisor.get(f"/cases/{reference}").status_code == 200
    with app.app_context():
        db.session.execute(update(BreakGlassGrant).values(expires_at=utcnow() - timedelta(1)))
        db.session.commit()
    assert supervisor.get(f"/cases/{reference}").status_code == 302


def test_grant_is_for_one_case_and_one_supervisor(app, world, supervisor, login, make_user,
                                                   make_case):
    """Another case, or another supervisor, needs a reason of its own."""
    reference = world.cases["own_unassigned"].reference
    supervisor.post(f"/cases/{reference}/reason", data={"reason": REASON})
    second = make_case(world.colleague)
    assert supervisor.get(f"/cases/{second.reference}").status_code == 302
    colleague = login(app.test_client(), make_user("supervisor", world.home_ngo))
    assert colleague.get(f"/cases/{reference}").status_code == 302


def test_assigned_case_opens_without_reason_and_other_tree_is_404(world, supervisor):
    """Her assigned case opens at once; a case of another tree is a 404 even with a reason."""
    assert supervisor.get(f"/cases/{world.cases['own_assigned'].reference}").status_code == 200
    other = world.cases["other_org"].reference
    assert supervisor.post(f"/cases/{other}/reason", data={"reason": REASON}).status_code == 404
    assert supervisor.get(f"/cases/{other}").status_code == 404


def test_managing_a_case_needs_no_reason(app, world, login):
    """Assigning or approving (need="manage") shows no survivor data, so asks no reason."""
    from flask import g

    from casework.cases.access import load_case

    client = login(app.test_client(), world.callers["supervisor"])
    cookie = client.get_cookie("cw_session").value
    reference = world.cases["own_unassigned"].reference
    with app.test_request_context(headers={"Cookie": f"cw_session={cookie}"}):
        assert load_case(reference, need="manage").reference == reference
        assert "audit_flags" not in g
