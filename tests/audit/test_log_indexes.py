"""The log page's filtered queries use the log's indexes (SQLite and PostgreSQL plans)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from casework.accounts.models import User
from casework.audit.access import entries_in_scope, staff_of_scope
from casework.audit.views import _filter_form, apply_filters, newest_first
from casework.extensions import db


def _plan(query) -> str:
    """The database's plan for the query, as the page would run it."""
    captured = []

    def grab(_conn, _cursor, statement, parameters, _context, _many):
        captured.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", grab)
    try:
        db.session.execute(query).all()
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    statement, parameters = captured[-1]
    cursor = db.session.connection().connection.cursor()
    if engine.dialect.name == "postgresql":
        cursor.execute("SET enable_seqscan = off")  # a tiny test table would be scanned anyway
        cursor.execute("EXPLAIN " + statement, parameters)
    else:
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
    return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize("filters,index", [
    ("case={case}", "ix_audit_entry_case_time"),
    ("person={person}", "ix_audit_entry_actor_time"),
    ("action=login_failed", "ix_audit_entry_action_time"),
])
def test_filtered_log_query_uses_an_index(app, two_ngos, filters, index):
    """Each selective filter is answered from its (column, time) index."""
    a = two_ngos["a"]
    query_string = filters.format(case=a["case"].reference, person=a["paralegal"].id)
    with app.test_request_context(f"/audit/?{query_string}"):
        user = db.session.get(User, a["supervisor"].id)
        form = _filter_form(staff_of_scope(user))
        assert not form.errors
        query = newest_first(apply_filters(entries_in_scope(user), form)).limit(26)
        plan = _plan(query)
    assert index in plan, plan
