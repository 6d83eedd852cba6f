"""SECURITY.md 19: each endpoint that touches survivor data writes its access-log entry.

The table lives in tests/audit/rows_*.py and in each domain's tests/<domain>/audit_rows.py
(see tests/audit/coverage.py). A new endpoint fails here until it is listed with the entry it
must write, or declared as touching no survivor data.
"""

from __future__ import annotations

import pytest

from tests.access.matrix import World
from tests.audit.coverage import all_declared, all_rows, audited, call_row, problems_of

ROWS = all_rows()
PARAMS = [
    pytest.param(row, id=row.id, marks=[pytest.mark.xfail(strict=True, reason=row.known_gap)]
                 if row.known_gap else [])
    for row in ROWS
]


@pytest.fixture
def world(app, make_org, make_user, make_case) -> World:
    """Two organisation trees, a caller per role, cases assigned or not."""
    return World(app, make_org, make_user, make_case)


def test_every_endpoint_is_listed_or_declared(app):
    """No endpoint of the url map escapes the table."""
    listed = {row.endpoint for row in ROWS}
    declared = set(all_declared())
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - listed - declared) == []
    assert sorted(listed & declared) == [], "an endpoint cannot both write entries and touch no data"


def test_the_table_names_real_endpoints(app):
    """A row or declaration for an endpoint that does not exist is a mistake in the table."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(({row.endpoint for row in ROWS} | set(all_declared())) - endpoints) == []


@pytest.mark.parametrize("row", PARAMS)
def test_endpoint_writes_its_entry(world, login, row):
    """The call writes exactly one entry of its action, by the caller, in this request."""
    call = call_row(world, login, row)
    assert problems_of(world, row, call) == []


def test_the_check_catches_a_wrong_or_missing_entry(world, login):
    """The same machinery reports an entry of another action, and a page that wrote none."""
    wrong = audited("cases.show", "GET", "export", object_type="case")
    assert problems_of(world, wrong, call_row(world, login, wrong)) == [
        "expected one export/case entry, found [('view', 'case')]"]
    other_case = audited("cases.show", "GET", "view", object_type="case")
    call = call_row(world, login, other_case)
    call.entries[0].case_ref = "ZZZZ-ZZZZ"
    assert "the entry names case 'ZZZZ-ZZZZ', not the case opened" in problems_of(world, other_case, call)
