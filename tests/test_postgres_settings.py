"""On PostgreSQL every connection runs without JIT compilation (it cost more than the page
queries it compiled); the setting survives a rolled-back transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from casework.extensions import db
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL's own setting")


def test_connections_run_without_jit(app):
    """A fresh connection, and the same one after a rollback, answer jit = off."""
    with app.app_context():
        db.engine.dispose()
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
        db.session.rollback()
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
