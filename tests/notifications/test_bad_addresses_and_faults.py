"""One bad message never stops a run: an address the email header cannot hold is given up
for good (not sent to part of it), a fault of ours is retried and named by its type only;
the others go out."""

from __future__ import annotations

from casework.notifications import outbox as outbox_module
from casework.notifications.outbox import send_due
from tests.notifications.conftest import outbox, set_contact


def _send(app):
    """One run of the sender."""
    with app.app_context():
        return send_due()


def test_an_address_with_a_bracket_fails_for_good_and_the_others_are_sent(
        app, mailed, refer, mailbox):
    set_contact(app, mailed.world.uptd_staff, "a@[b.de")
    refer()
    report = _send(app)
    assert (report.sent, report.failed) == (1, 1)
    bad = outbox(app, channel="email", user_id=mailed.world.uptd_staff.id)[0]
    assert (bad.status, bad.last_error) == ("failed", "invalid email address")
    assert len(mailbox.to(mailed.address["uptd_staff2"])) == 1


def test_an_address_with_a_comment_is_not_sent_to_its_first_part(app, mailed, refer, mailbox):
    set_contact(app, mailed.world.uptd_staff, "a(b@c.de")
    refer()
    assert _send(app).failed == 1
    bad = outbox(app, channel="email", user_id=mailed.world.uptd_staff.id)[0]
    assert (bad.status, bad.last_error) == ("failed", "invalid email address")
    assert [rcpts for rcpts, _message in mailbox.messages] == [[mailed.address["uptd_staff2"]]]


def test_a_fault_of_ours_is_retried_named_by_its_type_and_the_run_goes_on(
        app, mailed, refer, mailbox, monkeypatch, caplog):
    refer()
    real_compose = outbox_module.compose
    calls = []

    def faulty_compose(row, locale):
        """The first message cannot be composed."""
        calls.append(row.id)
        if len(calls) == 1:
            raise RuntimeError(f"broken for {mailed.address['uptd_staff']}")
        return real_compose(row, locale)

    monkeypatch.setattr(outbox_module, "compose", faulty_compose)
    report = _send(app)
    assert (report.sent, report.retried) == (1, 1)
    retried = [row for row in outbox(app, channel="email") if row.status == "pending"]
    assert [row.last_error for row in retried] == ["unexpected RuntimeError"]
    assert "broken" not in caplog.text and "@" not in caplog.text
