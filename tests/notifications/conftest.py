"""Fixtures of the notification tests: a real SMTP server on 127.0.0.1 (aiosmtpd), the app
pointed at it, the referral tests' world with email addresses, and readers of the outbox."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from casework.accounts.models import User
from casework.extensions import db
from casework.notifications.models import Notification
from casework.referrals.models import Referral
from tests.conftest import SURVIVOR_VALUES
from tests.referrals.conftest import as_user, refer, world  # noqa: F401 (fixtures)

BASE_URL = "https://casework.contoh.id"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """The SMTP server's handler: keeps what arrives; refuses the next N messages with 451."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.Message]] = []
        self.refuse_next = 0
        self.lock = threading.Lock()
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        """Accept (and keep) the message, or refuse it for now."""
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return "451 4.3.0 Coba lagi nanti"
            self.messages.append((list(envelope.rcpt_tos),
                                  email.message_from_bytes(envelope.content,
                                                           policy=email.policy.default)))
        return "250 OK"

    def to(self, address: str) -> list[email.message.Message]:
        """The messages that arrived for an address."""
        return [message for rcpts, message in self.messages if address in rcpts]


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1, started for the test and stopped after."""
    handler = Mailbox()
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def app_config(mailbox: Mailbox) -> dict[str, Any]:
    """The app sends mail to the test's server, without TLS, and links to BASE_URL."""
    return {"SMTP_URL": f"smtp://127.0.0.1:{mailbox.port}", "SMTP_STARTTLS": False,
            "SMTP_TIMEOUT_SECONDS": 5, "MAIL_SENDER": "casework@contoh.id",
            "BASE_URL": BASE_URL, "NOTIFY_RETRY_SECONDS": 60, "NOTIFY_MAX_ATTEMPTS": 3}


def set_contact(app, user, email_address: str | None = None, mobile: str | None = None) -> None:
    """Give a user an email address and mobile number."""
    with app.app_context():
        row = db.session.get(User, user.id)
        row.email, row.mobile = email_address, mobile
        db.session.commit()


@pytest.fixture
def mailed(app, world) -> SimpleNamespace:  # noqa: F811 (the imported fixture)
    """The referral world with an email address for each member of staff."""
    addresses = {}
    for name in ("paralegal", "supervisor", "uptd_staff", "uptd_staff2", "dukcapil_staff",
                 "dinsos_staff", "admin"):
        address = f"{name.replace('_', '.')}@contoh.id"
        set_contact(app, getattr(world, name), address)
        addresses[name] = address
    return SimpleNamespace(world=world, address=addresses)


def outbox(app, **where: Any) -> list[SimpleNamespace]:
    """Plain copies of the outbox rows matching the filters."""
    with app.app_context():
        query = select(Notification).order_by(Notification.created_at, Notification.id)
        for name, value in where.items():
            query = query.where(getattr(Notification, name) == value)
        return [SimpleNamespace(**{c.name: getattr(row, c.name)
                                   for c in Notification.__table__.columns})
                for row in db.session.scalars(query)]


def canaries(app, case) -> tuple[str, ...]:
    """What must never appear in a notification: the survivor's values, the case's reference
    and its referrals' references."""
    with app.app_context():
        refs = tuple(db.session.scalars(select(Referral.reference)
                                        .where(Referral.case_id == case.id)))
    return (*SURVIVOR_VALUES, "Jl. Mawar", "melati", "+6281298765432", case.reference,
            str(case.id), *refs)


def assert_no_canary(app, case, *texts: str) -> None:
    """No survivor value, case or referral reference in the outbox or in the texts given."""
    with app.app_context():
        rows = repr(db.session.execute(select(Notification.__table__)).all())
    for text in (rows, *texts):
        leaked = [value for value in canaries(app, case) if value in text]
        assert not leaked, leaked
