"""Response deadlines by urgency (issue 13, item 6), with a frozen clock: an emergency
referral unanswered past 4 hours is overdue on every page that lists it and escalates once
to the unit's supervisors and the sender; a deadline of zero hours is refused at start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from casework import create_app
from casework.config import StartupRefused
from casework.database import utcnow
from casework.extensions import db
from casework.notifications.escalation import escalate_overdue
from casework.referrals.models import Referral
from tests.notifications.conftest import outbox


def _escalate(app, now) -> int:
    """One escalation run at a given moment."""
    with app.app_context():
        count = escalate_overdue(now)
        db.session.commit()
        return count


def test_an_emergency_referral_escalates_once_after_four_hours(app, mailed, refer, make_user):
    world = mailed.world
    unit_supervisor = make_user("supervisor", world.uptd)
    refer(urgency="emergency")
    sent = utcnow()
    assert _escalate(app, sent + timedelta(hours=3, minutes=59)) == 0
    assert _escalate(app, sent + timedelta(hours=4, minutes=1)) == 1
    told = {row.user_id for row in outbox(app, kind="referral_overdue", channel="inapp")}
    assert told == {unit_supervisor.id, world.paralegal.id}
    assert _escalate(app, sent + timedelta(hours=9)) == 0
    assert len(outbox(app, kind="referral_overdue", channel="inapp")) == 2


def test_urgent_waits_a_day_routine_is_never_escalated(app, mailed, refer):
    world = mailed.world
    refer(urgency="urgent")
    refer(world.dinsos, services=["social_rehabilitation"], urgency="routine")
    sent = utcnow()
    assert _escalate(app, sent + timedelta(hours=23)) == 0
    assert _escalate(app, sent + timedelta(hours=25)) == 1
    assert _escalate(app, sent + timedelta(days=30)) == 0


def test_an_accepted_referral_does_not_escalate(app, mailed, refer, as_user):
    referral_id = refer(urgency="emergency")
    as_user(mailed.world.uptd_staff).post(f"/referrals/{referral_id}/accept")
    assert _escalate(app, utcnow() + timedelta(hours=5)) == 0


def _sent_hours_ago(app, referral_id, hours: float) -> None:
    """Pretend the referral was sent some hours ago."""
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral_id).values(
            sent_at=utcnow() - timedelta(hours=hours),
            status_changed_at=utcnow() - timedelta(hours=hours)))
        db.session.commit()


def test_overdue_is_flagged_on_every_page_that_lists_it(app, mailed, refer, as_user, make_user):
    world = mailed.world
    emergency = refer(urgency="emergency")
    routine = refer(world.dinsos, services=["social_rehabilitation"])
    _sent_hours_ago(app, emergency, 5)
    _sent_hours_ago(app, routine, 5)
    unit = as_user(world.uptd_staff)
    inbox = unit.get("/referrals/").get_data(as_text=True)
    assert "Terlambat" in inbox
    assert f"/referrals/{emergency}" in unit.get("/referrals/overdue").get_data(as_text=True)
    assert f"/referrals/{routine}" not in as_user(world.dinsos_staff).get(
        "/referrals/overdue").get_data(as_text=True)
    home = unit.get("/").get_data(as_text=True)
    new_section = home[home.index('id="new-referrals"'):home.index('id="overdue-referrals"')]
    assert "Terlambat" in new_section
    assert "dalam 4 jam" in home
    sender = as_user(world.paralegal)
    sent_list = sender.get("/referrals/overdue").get_data(as_text=True)
    assert f"/referrals/{emergency}" in sent_list and f"/referrals/{routine}" not in sent_list
    case_page = sender.get(f"/cases/{world.case.reference}").get_data(as_text=True)
    assert "Terlambat" in case_page
    home = as_user(world.supervisor).get("/", follow_redirects=True).get_data(as_text=True)
    assert 'id="overdue-referrals"' in home and "Terlambat" in home


@pytest.mark.parametrize("name, value", [
    ("REFERRAL_RESPONSE_HOURS_EMERGENCY", 0),
    ("REFERRAL_RESPONSE_HOURS_URGENT", -4),
    ("REFERRAL_RESPONSE_HOURS_EMERGENCY", "besok"),
])
def test_a_deadline_that_is_not_above_zero_is_refused_at_start(app, name, value):
    config = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "KEYS_FILE", "SECRET_KEY")}
    with pytest.raises(StartupRefused, match=f"CASEWORK_{name} must be a number"):
        create_app({**config, "TESTING": False, "CASEWORK_ENV": "test", name: value})


def test_the_send_command_refuses_a_zero_deadline(app, runner):
    app.config["REFERRAL_RESPONSE_HOURS_EMERGENCY"] = 0
    result = runner.invoke(args=["notify", "send"])
    assert result.exit_code != 0
    assert "CASEWORK_REFERRAL_RESPONSE_HOURS_EMERGENCY must be a number of hours above zero" in (
        result.output)


def test_the_send_command_escalates_and_mails_once(app, mailed, refer, runner, mailbox,
                                                   make_user):
    unit_supervisor = make_user("supervisor", mailed.world.uptd)
    referral_id = refer(urgency="emergency")
    _sent_hours_ago(app, referral_id, 5)
    first = runner.invoke(args=["notify", "send"])
    assert first.exit_code == 0, first.output
    assert "escalated 1" in first.output
    assert runner.invoke(args=["notify", "send"]).output.startswith("escalated 0")
    bodies = [m.get_content() for m in mailbox.to(mailed.address["paralegal"])]
    assert sum("1 rujukan mendesak tidak diterima tepat waktu." in b for b in bodies) == 1
    told = {row.user_id for row in outbox(app, kind="referral_overdue", channel="inapp")}
    assert unit_supervisor.id in told
