"""A daily summary lists every kind that waited with its whole count, however many kinds and
however large the counts; an SMS shortens its sentences, never the login address."""

from __future__ import annotations

from datetime import date

from casework.accounts.models import User
from casework.database import utcnow
from casework.extensions import db
from casework.notifications.digest import digest_for
from casework.notifications.kinds import KINDS
from casework.notifications.messages import (
    ANSWER_CODES,
    SMS_LENGTH,
    digest_detail,
    digest_parts,
    sms_text,
)
from casework.notifications.models import Notification
from casework.notifications.operations import notify, set_choices
from casework.notifications.outbox import send_due

BIG = 1234567


def test_every_part_of_the_largest_digest_fits_whole():
    parts = [(kind, None, 2**31 - 1) for kind in KINDS if kind != "referral_answered"]
    parts += [("referral_answered", answer, 2**31 - 1) for answer in ANSWER_CODES]
    detail = digest_detail(parts)
    assert len(detail) <= Notification.detail.type.length
    assert digest_parts(detail) == parts


def test_a_summary_of_every_kind_keeps_every_count(app, mailed, mailbox):
    supervisor = mailed.world.supervisor
    with app.app_context():
        user = db.session.get(User, supervisor.id)
        set_choices(user, dict.fromkeys(KINDS, "digest"))
        for kind in ("new_referral", "referral_overdue", "closure_waiting", "transfer_proposed"):
            notify([user], kind, count=BIG)
        for answer in ANSWER_CODES:
            notify([user], "referral_answered", detail=answer, count=BIG)
        assert digest_for(user, date(2026, 12, 4), utcnow()) == 1
        db.session.commit()
        send_due()
    body = mailbox.to(mailed.address["supervisor"])[0].get_content()
    assert body.count(f"{BIG} ") == 7
    assert f"{BIG} rujukan yang Anda kirim telah diselesaikan" in body


def test_a_long_sms_shortens_its_sentences_and_keeps_the_whole_login_link(app):
    app.config["BASE_URL"] = "https://layanan.dinas-pppa.kabupaten-contoh.go.id/casework"
    parts = [("new_referral", None, 3), ("referral_overdue", None, 2),
             ("transfer_proposed", None, 1), ("closure_waiting", None, 4)]
    row = Notification(kind="digest", detail=digest_detail(parts))
    with app.app_context():
        text = sms_text(row, "id")
    assert len(text) <= SMS_LENGTH
    assert text.endswith("... https://layanan.dinas-pppa.kabupaten-contoh.go.id/casework/login")
    assert text.startswith("3 rujukan baru")
