"""Overdue flags after a configurable wait, and the navigation counters of each user."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from casework.database import utcnow
from casework.extensions import db
from casework.referrals.models import Referral


def _age(app, referral_id, days: int) -> None:
    """Pretend the referral's last status change happened some days ago."""
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral_id)
                           .values(status_changed_at=utcnow() - timedelta(days=days)))
        db.session.commit()


def _badges(client) -> dict[str, int]:
    """The navigation links with their counters, by link target."""
    html = client.get("/referrals/directory").get_data(as_text=True)
    html = html[html.index('<header class="top">'):html.index("</header>")]
    found = re.findall(r'<a href="([^"]+)"[^>]*>[^<]*(?:<span class="badge">(\d+)</span>)?', html)
    return {url: int(count or 0) for url, count in found if url.startswith("/referrals")}


@pytest.fixture
def app_config():
    return {"REFERRAL_ACCEPT_DAYS": 2, "REFERRAL_COMPLETE_DAYS": 10}


def test_waiting_longer_than_the_configured_days_is_overdue(app, world, refer, as_user):
    fresh, waiting = refer(), refer(world.dinsos, services=["social_rehabilitation"])
    _age(app, waiting, 3)
    staff = as_user(world.dinsos_staff)
    overdue_page = staff.get("/referrals/overdue").get_data(as_text=True)
    assert "Terlambat" in overdue_page
    assert f"/referrals/{waiting}" in overdue_page
    uptd_overdue = as_user(world.uptd_staff).get("/referrals/overdue").get_data(as_text=True)
    assert f"/referrals/{fresh}" not in uptd_overdue


def test_accepted_and_not_completed_in_time_is_overdue(app, world, refer, as_user):
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    _age(app, referral_id, 9)
    assert f"/referrals/{referral_id}" not in staff.get("/referrals/overdue").get_data(as_text=True)
    _age(app, referral_id, 11)
    assert f"/referrals/{referral_id}" in staff.get("/referrals/overdue").get_data(as_text=True)


def test_navigation_counts_new_and_overdue_for_each_user(app, world, refer, as_user):
    first = refer()
    refer(world.dukcapil, services=["civil_documents"])
    _age(app, first, 5)
    uptd = _badges(as_user(world.uptd_staff))
    assert uptd == {"/referrals/": 1, "/referrals/overdue": 1, "/referrals/directory": 0}
    dukcapil = _badges(as_user(world.dukcapil_staff))
    assert dukcapil["/referrals/"] == 1 and dukcapil["/referrals/overdue"] == 0
    assert _badges(as_user(world.dinsos_staff))["/referrals/"] == 0
    sender = _badges(as_user(world.paralegal))
    assert sender["/referrals/overdue"] == 1
    as_user(world.uptd_staff).post(f"/referrals/{first}/accept")
    assert _badges(as_user(world.uptd_staff))["/referrals/"] == 0
