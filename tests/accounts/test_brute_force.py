"""SECURITY.md 10: repeated failures slow and then lock a name (at most 10 tries an hour),
are logged, and an unknown name gets the same answer, the same slowing, in the same time."""

from __future__ import annotations

import logging
import re
import statistics
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from casework.accounts import throttle
from casework.accounts.models import LoginThrottle
from casework.audit.models import AuditEntry
from casework.database import utcnow
from casework.extensions import db
from tests.conftest import PASSWORD

WRONG = "bukan kata sandinya"


class Clock:
    """A clock the throttle reads, moved forward by the test."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        """Move the clock forward."""
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Freeze the throttle's idea of now."""
    fake = Clock()
    monkeypatch.setattr(throttle, "utcnow", fake)
    return fake


def _try(client, username: str, password: str):
    """One login attempt through the form."""
    return client.post("/login", data={"username": username, "password": password})


def _wait_until_allowed(app, clock: Clock) -> None:
    """Move the clock to the moment the next attempt is allowed (an attacker's best pace)."""
    with app.app_context():
        row = db.session.scalars(select(LoginThrottle)).first()
        found = (row.next_attempt_at, row.locked_until) if row else ()
        moments = [m for m in found if m and m > clock.now]
    if moments:
        clock.now = max(moments)


def _audit_flags(app) -> list[str]:
    """The flags of every failed-login entry, oldest first."""
    with app.app_context():
        return list(db.session.scalars(
            select(AuditEntry.flags).where(AuditEntry.action == "login_failed")
            .order_by(AuditEntry.seq)))


def test_failures_slow_down_even_the_right_password(app, client, make_user, clock):
    """After three failures the next try must wait; a try too early is refused unchecked."""
    user = make_user("paralegal")
    for _ in range(3):
        _try(client, user.username, WRONG)
    assert _try(client, user.username, PASSWORD).status_code == 200
    assert _audit_flags(app)[-1] == "slowed"
    clock.advance(seconds=2)
    assert _try(client, user.username, PASSWORD).status_code == 302


def test_at_most_ten_checked_tries_an_hour_then_locked(app, client, make_user, clock):
    """At the fastest allowed pace, an hour gives at most ten checked passwords; then a lock."""
    user = make_user("paralegal")
    start, checked = clock.now, 0
    while clock.now - start < timedelta(hours=1):
        _wait_until_allowed(app, clock)
        if clock.now - start >= timedelta(hours=1):
            break
        _try(client, user.username, WRONG)
        checked += _audit_flags(app)[-1] not in ("slowed", "locked")
        clock.advance(milliseconds=10)
    assert checked <= 10
    assert "locked" in _audit_flags(app)


def test_lock_ends_after_its_time(app, client, make_user, clock):
    """Locked after ten failures; the right password works again once the lock is over."""
    user = make_user("paralegal")
    for _ in range(10):
        _wait_until_allowed(app, clock)
        _try(client, user.username, WRONG)
    assert _audit_flags(app)[-1] == "locked"
    clock.advance(minutes=59)
    assert _try(client, user.username, PASSWORD).status_code == 200
    clock.advance(minutes=2)
    assert _try(client, user.username, PASSWORD).status_code == 302


def test_unknown_name_is_treated_alike(app, client, make_user, clock):
    """A name that does not exist slows and locks the same way, with the same page."""
    user = make_user("paralegal")
    known, unknown = [], []
    for _ in range(10):
        _wait_until_allowed_for_all(app, clock)
        known.append(_try(client, user.username, WRONG))
        unknown.append(_try(client, "tidak-ada-orang", WRONG))
    for mine, theirs in zip(known, unknown, strict=True):
        assert mine.status_code == theirs.status_code == 200
        assert _page(mine, user.username) == _page(theirs, "tidak-ada-orang")
    flags = _audit_flags(app)
    assert flags[-2:] == ["locked", "locked"]


def _page(response, username: str) -> bytes:
    """The page without the name typed and without the (time-stamped) CSRF tokens."""
    body = response.data.replace(username.encode(), b"N")
    return re.sub(rb'name="csrf_token"( type="hidden")? value="[^"]*"', b"TOKEN", body)


def _wait_until_allowed_for_all(app, clock: Clock) -> None:
    """Move the clock past every name's waiting time."""
    with app.app_context():
        moments = [m for row in db.session.scalars(select(LoginThrottle))
                   for m in (row.next_attempt_at,) if m]
    if moments:
        clock.now = max(clock.now, *moments)


def test_failures_are_logged_without_the_name(app, client, make_user, caplog):
    """Each failure leaves an audit entry and a log line; the log holds no user name."""
    user = make_user("paralegal")
    with caplog.at_level(logging.WARNING, logger="casework"):
        _try(client, user.username, WRONG)
        _try(client, "orang-asing", WRONG)
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "login_failed")).all()
    assert [e.object_id for e in entries] == [user.id, None]
    assert len([r for r in caplog.records if "failed login" in r.getMessage()]) == 2
    assert user.username not in caplog.text and "orang-asing" not in caplog.text


@pytest.mark.parametrize("app_config", [
    {"PASSWORD_HASH_MEMORY_KIB": 19456, "PASSWORD_HASH_TIME_COST": 2}])
def test_unknown_name_takes_the_same_time(app, client, make_user):
    """With the production hash cost, a wrong password and an unknown name take alike long."""
    users = [make_user("paralegal") for _ in range(5)]

    def timed(name: str) -> float:
        started = time.perf_counter()
        _try(client, name, WRONG)
        return time.perf_counter() - started

    _try(client, "warm-up", WRONG)
    known, unknown = [], []
    for number, user in enumerate(users):  # interleaved, so a busy machine slows both alike
        known.append(timed(user.username))
        unknown.append(timed(f"bukan-siapa-{number}"))
    assert 0.6 < statistics.median(known) / statistics.median(unknown) < 1.6


def test_old_counters_are_pruned_but_locks_kept(app, client, make_user, clock):
    """`casework user prune-throttle` forgets day-old counters and keeps live locks."""
    user = make_user("paralegal")
    _try(client, "sekali-coba", WRONG)
    for _ in range(10):
        _wait_until_allowed_for_all(app, clock)
        _try(client, user.username, WRONG)
    clock.advance(minutes=30)
    with app.app_context():
        db.session.execute(update(LoginThrottle).values(window_started_at=utcnow() - timedelta(2)))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["user", "prune-throttle"])
    assert "Forgot 1 " in result.output
    assert _try(client, user.username, PASSWORD).status_code == 200  # still locked
