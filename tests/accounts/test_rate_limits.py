"""Issue 16: one crawl wrote 1,600 break-glass grants in eight minutes. Break-glass grants and
audit-heavy requests (the access log, exports) are limited per user, with a clear message, and
the supervisors over her are told once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.accounts.rate_limits import LIMITED
from casework.audit.models import AuditEntry
from casework.cases.break_glass import BreakGlassGrant
from casework.config import Defaults
from casework.extensions import db
from casework.notifications.models import Notification
from tests.access.matrix import World

REASON = "Paralegal is on leave; the survivor called about the hearing."


@pytest.fixture
def world(app, make_org, make_user, make_case) -> World:
    """Two trees, a supervisor at the home NGO (the top of her tree), cases assigned or not."""
    return World(app, make_org, make_user, make_case)


def _told(app, kind: str) -> list:
    """Who got an in-app notification of this kind."""
    with app.app_context():
        return list(db.session.scalars(select(Notification.user_id).where(
            Notification.kind == kind, Notification.channel == "inapp")))


def _count(app, query) -> int:
    """A count from the database."""
    with app.app_context():
        return db.session.scalar(query) or 0


def test_defaults_stop_a_crawler_far_below_what_it_wrote():
    """At most 20 grants an hour: a crawl of eight minutes gets 20, not 1,600."""
    assert Defaults.BREAK_GLASS_LIMIT <= 20 and Defaults.BREAK_GLASS_LIMIT_MINUTES >= 60
    assert Defaults.AUDIT_HEAVY_LIMIT <= 60 and Defaults.AUDIT_HEAVY_LIMIT_MINUTES >= 10


def test_every_limited_endpoint_exists(app):
    """A renamed view cannot slip out of its limit unnoticed."""
    rules = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
             for method in rule.methods}
    assert set(LIMITED) <= rules


@pytest.mark.parametrize("app_config", [{"BREAK_GLASS_LIMIT": 3}])
def test_break_glass_grants_stop_at_the_limit_with_a_clear_message(app, world, login):
    """The fourth reason in the hour is refused in Indonesian; no grant is written; the admins
    are told once (nobody oversees a top supervisor)."""
    supervisor = login(app.test_client(), world.callers["supervisor"])
    reference = world.cases["own_unassigned"].reference
    for _ in range(3):
        assert supervisor.post(f"/cases/{reference}/reason",
                               data={"reason": REASON}).status_code == 302
    refused = supervisor.post(f"/cases/{reference}/reason", data={"reason": REASON})
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "3600"
    assert "terlalu banyak permintaan" in refused.get_data(as_text=True)
    supervisor.post(f"/cases/{reference}/reason", data={"reason": REASON})
    assert _count(app, select(func.count(BreakGlassGrant.id))) == 3
    assert _told(app, "rate_limited") == [world.callers["admin"].id]
    assert _count(app, select(func.count(AuditEntry.seq))
                  .where(AuditEntry.action == "rate_limited")) == 2


@pytest.mark.parametrize("app_config", [{"AUDIT_HEAVY_LIMIT": 2}])
def test_access_log_pages_and_exports_stop_at_the_limit(app, world, login, make_user):
    """A centre supervisor's third log request is refused; the NGO's supervisor is told."""
    centre_supervisor = make_user("supervisor", world.home_centre)
    client = login(app.test_client(), centre_supervisor)
    assert client.get("/audit/").status_code == 200
    assert client.get("/audit/export.csv").status_code == 200
    assert client.get("/audit/").status_code == 429
    assert client.get("/audit/export.csv").status_code == 429
    assert _told(app, "rate_limited") == [world.callers["supervisor"].id]


@pytest.mark.parametrize("app_config", [{"AUDIT_HEAVY_LIMIT": 1}])
def test_the_limit_is_per_user(app, world, login, make_user):
    """Another supervisor is not stopped by her colleague's requests."""
    first = login(app.test_client(), world.callers["supervisor"])
    assert first.get("/audit/").status_code == 200
    assert first.get("/audit/").status_code == 429
    other = login(app.test_client(), make_user("supervisor", world.home_ngo))
    assert other.get("/audit/").status_code == 200
