"""Fixtures for many clients at once: a live server and logged-in devices."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from casework.accounts.models import User
from casework.accounts.sessions import start_session
from casework.extensions import db
from tests.e2e.live import LiveServer
from tests.resilience.http import Staff


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """The app answering HTTP on 127.0.0.1 from a thread per request."""
    server = LiveServer(app).start()
    yield server
    server.stop()


def new_session_token(app: Flask, user: User) -> str:
    """A fresh server-side session for the user (second factor done), as a cookie token."""
    with app.app_context():
        token = start_session(db.session.get(User, user.id), mfa_verified=True)
        db.session.commit()
    return token


@pytest.fixture
def device(app: Flask) -> Callable[[str, User], Staff]:
    """device(base_url, user): a separate logged-in client for that member of staff."""

    def make(base: str, user: User) -> Staff:
        return Staff(base, app.config["AUTH_COOKIE_NAME"], new_session_token(app, user))

    return make
