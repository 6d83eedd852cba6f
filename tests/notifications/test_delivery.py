"""`notify send` against a real SMTP server: once only, even with two senders at the same
time; retried with backoff after a refusal or an unreachable server; given up after the
attempts, visible to admins; a sender that died after claiming is replaced after the lease."""

from __future__ import annotations

import threading
from datetime import timedelta

from casework.database import utcnow
from casework.extensions import db
from casework.notifications.operations import notify_organisation
from casework.notifications.outbox import claim, send_due
from tests.notifications.conftest import free_port, outbox


def _send(app, now=None):
    """One run of the sender in its own app context (as one cron job would)."""
    with app.app_context():
        return send_due(now)


def test_two_senders_at_once_send_each_message_once(app, mailed, refer, mailbox):
    refer(mailed.world.uptd)
    with app.app_context():
        for unit in (mailed.world.uptd, mailed.world.dinsos, mailed.world.dukcapil) * 5:
            notify_organisation(unit.id, "transfer_proposed")
        db.session.commit()
    emails = outbox(app, channel="email")
    assert len(emails) > 1
    start = threading.Barrier(2)
    reports = []

    def run():
        start.wait()
        reports.append(_send(app))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(report.sent for report in reports) == len(emails)
    assert len(mailbox.messages) == len(emails)
    assert {row.status for row in outbox(app, channel="email")} == {"sent"}
    assert _send(app).sent == 0
    assert len(mailbox.messages) == len(emails)


def test_a_refusal_is_retried_after_the_backoff(app, mailed, refer, mailbox):
    refer(mailed.world.dukcapil, services=["civil_documents"])
    mailbox.refuse_next = 1
    first = _send(app)
    assert (first.sent, first.retried) == (0, 1)
    row = outbox(app, channel="email")[0]
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "SMTP 451")
    assert row.next_attempt_at > utcnow() + timedelta(seconds=50)
    assert _send(app).sent == 0  # not before its time
    assert _send(app, utcnow() + timedelta(minutes=2)).sent == 1
    assert len(mailbox.to(mailed.address["dukcapil_staff"])) == 1


def test_an_unreachable_server_is_retried_then_given_up_and_shown_to_admins(
        app, mailed, refer, as_user, mailbox, caplog):
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"
    refer(mailed.world.dukcapil, services=["civil_documents"])
    now = utcnow()
    delays = []
    for _attempt in range(3):
        report = _send(app, now)
        row = outbox(app, channel="email")[0]
        assert row.last_error == "SMTP connection: ConnectionRefusedError"
        if row.status == "pending":
            delays.append(row.next_attempt_at - now)
            now = row.next_attempt_at
    # the next attempt counts from the end of the failed one (the real clock), a moment on
    assert [int(delay.total_seconds()) // 10 * 10 for delay in delays] == [60, 120]
    assert (row.status, row.attempts, report.failed) == ("failed", 3, 1)
    assert "will retry" in caplog.text and "failed for good" in caplog.text
    assert mailed.address["dukcapil_staff"] not in caplog.text
    page = as_user(mailed.world.admin).get("/notifications/failed").get_data(as_text=True)
    assert mailed.world.dukcapil_staff.username in page
    assert "ConnectionRefusedError" in page
    assert mailed.address["dukcapil_staff"] not in page
    assert as_user(mailed.world.paralegal).get("/notifications/failed").status_code == 404


def test_a_sender_that_died_after_claiming_is_replaced_after_its_lease(app, mailed, refer,
                                                                       mailbox):
    refer(mailed.world.dukcapil, services=["civil_documents"])
    row = outbox(app, channel="email")[0]
    now = utcnow()
    with app.app_context():
        assert claim(row.id, now) is not None  # ...and the process dies here
        db.session.remove()
    assert _send(app, now).sent == 0
    assert not mailbox.messages
    later = now + timedelta(minutes=app.config["NOTIFY_LEASE_MINUTES"] + 1)
    assert _send(app, later).sent == 1
    assert len(mailbox.messages) == 1
    assert outbox(app, channel="email")[0].attempts == 2


def test_the_command_reports_counts_only(app, mailed, refer, runner, mailbox):
    refer(mailed.world.dukcapil, services=["civil_documents"])
    result = runner.invoke(args=["notify", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert "@" not in result.output
    assert len(mailbox.messages) == 1


def test_a_server_without_starttls_is_a_retried_failure_not_a_plain_text_send(
        app, mailed, refer, mailbox):
    app.config["SMTP_STARTTLS"] = True  # the test server offers no TLS
    refer(mailed.world.dukcapil, services=["civil_documents"])
    assert _send(app).retried == 1
    assert not mailbox.messages
    assert outbox(app, channel="email")[0].last_error == "SMTP SMTPNotSupportedError"
