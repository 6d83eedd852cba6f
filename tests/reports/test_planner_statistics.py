"""On SQLite the report's counts use their own index only when the planner has statistics:
a pooled connection refreshes them now and then, never in its first minute."""

from __future__ import annotations

import sqlite3

import pytest

from casework import database
from casework.extensions import db
from tests.conftest import POSTGRES_URL
from tests.reports.conftest import this_year

pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's planner statistics")


def _analysed_tables(app) -> set[str]:
    """The tables sqlite_stat1 holds statistics for."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as raw:
        try:
            return {row[0] for row in raw.execute("SELECT tbl FROM sqlite_stat1")}
        except sqlite3.OperationalError:  # no such table: nothing was ever analysed
            return set()


def _fresh_connections(app, monkeypatch, first_after: float, every: float = 3600.0) -> None:
    """Connections opened from now on refresh the statistics after first_after seconds, then
    every so many seconds."""
    monkeypatch.setattr(database, "FIRST_OPTIMIZE_AFTER_SECONDS", first_after)
    monkeypatch.setattr(database, "OPTIMIZE_EVERY_SECONDS", every)
    with app.app_context():
        db.engine.dispose()


def test_a_connection_past_its_first_minute_refreshes_the_statistics(
        app, client, login, network, add_cases, monkeypatch):
    """After a report request on a connection old enough, the statistics table is analysed
    and the planner counts a table through its GROUP BY-ordered index."""
    add_cases(network["north_paralegal"], 30, gbv_type="rape")
    _fresh_connections(app, monkeypatch, first_after=0.0, every=0.0)
    login(client, network["north_supervisor"])
    assert client.get("/reports/", query_string=this_year()).status_code == 200
    assert "report_case_fact" in _analysed_tables(app)
    with app.app_context():
        plan = db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT gbv_type, sex, count(*) FROM report_case_fact "
            "WHERE organisation_id IN (?, ?) AND created_at >= ? GROUP BY gbv_type, sex",
            (network["north"].id.hex, network["south"].id.hex, "2020-01-01")).all()
    assert "ix_report_case_fact_by_gbv_type" in " ".join(str(row[-1]) for row in plan)


def test_a_young_connection_leaves_the_statistics_alone(
        app, client, login, network, add_cases, monkeypatch):
    """Within its first minute a connection does not analyse (short commands never pay)."""
    add_cases(network["north_paralegal"], 3)
    _fresh_connections(app, monkeypatch, first_after=60.0)
    login(client, network["north_supervisor"])
    assert client.get("/reports/", query_string=this_year()).status_code == 200
    assert "report_case_fact" not in _analysed_tables(app)
