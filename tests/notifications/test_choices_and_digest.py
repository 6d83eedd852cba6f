"""Each user chooses per kind: immediately, in the daily summary, or not at all; the in-app
list holds everything anyway. The summary goes out once a day, however often it runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from casework.accounts.models import User
from casework.extensions import db
from casework.notifications.digest import make_digests
from casework.notifications.operations import notify_organisation, set_choices
from casework.notifications.outbox import send_due
from tests.notifications.conftest import outbox
from tests.plans.test_due_lists import seed_overdue

JAKARTA = ZoneInfo("Asia/Jakarta")


def _choose(app, user, **choices):
    """Save a user's choices."""
    with app.app_context():
        set_choices(db.session.get(User, user.id), choices)
        db.session.commit()


def test_not_at_all_keeps_only_the_in_app_item(app, mailed, refer, mailbox):
    world = mailed.world
    _choose(app, world.uptd_staff, new_referral="none")
    refer()
    mine = outbox(app, user_id=world.uptd_staff.id)
    assert [row.channel for row in mine] == ["inapp"]
    with app.app_context():
        send_due()
    assert not mailbox.to(mailed.address["uptd_staff"])
    assert len(mailbox.to(mailed.address["uptd_staff2"])) == 1


def test_the_daily_summary_bundles_what_waited_once_a_day(app, mailed, refer, mailbox):
    world = mailed.world
    _choose(app, world.uptd_staff, new_referral="digest", transfer_proposed="digest")
    refer()
    with app.app_context():
        notify_organisation(world.uptd.id, "transfer_proposed")
        notify_organisation(world.uptd.id, "transfer_proposed")
        db.session.commit()
    held = outbox(app, user_id=world.uptd_staff.id, channel="email")
    assert {row.status for row in held} == {"held"}
    early = datetime(2026, 12, 4, 6, 0, tzinfo=JAKARTA)
    with app.app_context():
        assert make_digests(early) == 0  # before the digest hour
        morning = early + timedelta(hours=2)
        assert make_digests(morning) >= 1
        assert make_digests(morning + timedelta(hours=3)) == 0  # once a day
        send_due(morning)
    summaries = mailbox.to(mailed.address["uptd_staff"])
    assert len(summaries) == 1
    body = summaries[0].get_content()
    assert "1 rujukan baru menunggu unit Anda." in body
    assert "2 pemindahan kasus ke lembaga Anda menunggu jawaban." in body
    assert summaries[0]["Subject"] == "Casework: ringkasan harian Anda"
    assert {row.status for row in outbox(app, user_id=world.uptd_staff.id, kind="new_referral",
                                          channel="email")} == {"bundled"}
    # The next day: a new summary only if something waits.
    with app.app_context():
        assert make_digests(morning + timedelta(days=1)) == 0


def test_the_settings_page_shows_the_kinds_of_the_role_and_saves(app, mailed, as_user):
    client = as_user(mailed.world.uptd_staff)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "Rujukan baru untuk unit saya" in page
    assert "Akun yang terkunci" not in page  # for admins only
    response = client.post("/notifications/settings", data={
        "new_referral": "digest", "referral_answered": "none", "referral_overdue": "immediate",
        "transfer_proposed": "immediate", "actions_due": "none"})
    assert response.status_code == 302
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert '<option selected value="digest">' in page or 'value="digest" selected' in page
    bad = client.post("/notifications/settings", data={"new_referral": "sometimes"})
    assert bad.status_code == 422


def test_work_due_on_her_cases_comes_in_the_summary_and_the_list(app, mailed, mailbox):
    world = mailed.world
    seed_overdue(app, world.case, world.paralegal)
    morning = datetime.now(JAKARTA).replace(hour=8) + timedelta(days=1)
    with app.app_context():
        make_digests(morning)
        send_due(morning)
    body = mailbox.to(mailed.address["paralegal"])[0].get_content()
    assert "2 tindak lanjut dan tindakan jatuh tempo pada kasus Anda." in body
    assert "Antar ke Polres" not in body
    items = outbox(app, user_id=world.paralegal.id, channel="inapp", kind="actions_due")
    assert [row.count for row in items] == [2]
