"""A long run of `notify send` (many messages, a slow server) claims each row with the clock
of that moment and stops at half the lease, so the next cron run never re-claims a row that
is still being sent; what is left stays pending for the next run."""

from __future__ import annotations

from datetime import timedelta

from casework.database import utcnow
from casework.extensions import db
from casework.notifications import outbox as outbox_module
from casework.notifications.operations import notify_organisation
from casework.notifications.outbox import send_due
from tests.notifications.conftest import outbox


def test_a_slow_run_stamps_each_claim_and_leaves_the_rest_for_the_next_run(
        app, mailed, monkeypatch):
    with app.app_context():
        for _ in range(3):  # two unit staff with an address each: six emails
            notify_organisation(mailed.world.uptd.id, "transfer_proposed")
        db.session.commit()
    assert len(outbox(app, channel="email", status="pending")) == 6
    start = utcnow() + timedelta(seconds=1)
    clock = {"now": start}
    delivered = []

    def slow_server(address, message, config):
        """Each email takes three minutes to hand over."""
        clock["now"] += timedelta(minutes=3)
        delivered.append(address)

    monkeypatch.setattr(outbox_module, "utcnow", lambda: clock["now"])
    monkeypatch.setattr(outbox_module, "send_email", slow_server)
    app.config["NOTIFY_LEASE_MINUTES"] = 10
    with app.app_context():
        report = send_due()
    # claimed at 0 and 3 minutes; at 6 the run had lasted half the 10-minute lease
    assert (report.sent, report.deferred) == (2, 4)
    sent = outbox(app, channel="email", status="sent")
    assert sorted(row.claimed_at for row in sent) == [start, start + timedelta(minutes=3)]
    left = outbox(app, channel="email", status="pending")
    assert len(left) == 4 and {row.attempts for row in left} == {0}
    with app.app_context():
        assert send_due().sent == 2  # the next run goes on where this one stopped
    assert len(delivered) == 4


def test_a_retry_waits_from_the_end_of_the_slow_attempt(app, mailed, refer, monkeypatch):
    refer(mailed.world.dukcapil, services=["civil_documents"])
    start = utcnow() + timedelta(seconds=1)
    clock = {"now": start}

    def slow_refusal(address, message, config):
        """The server answers after four minutes, with a temporary refusal."""
        clock["now"] += timedelta(minutes=4)
        raise outbox_module.DeliveryFailed("SMTP 451")

    monkeypatch.setattr(outbox_module, "utcnow", lambda: clock["now"])
    monkeypatch.setattr(outbox_module, "send_email", slow_refusal)
    with app.app_context():
        assert send_due().retried == 1
    row = outbox(app, channel="email")[0]
    assert row.next_attempt_at == start + timedelta(minutes=4, seconds=60)
