"""SECURITY.md 19: each endpoint and method that touches survivor data writes its entry.

The table lives in tests/audit/rows_*.py and in each domain's tests/<domain>/audit_rows.py
(see tests/audit/coverage.py). A new endpoint, or a new method of one, fails here until it is
listed with the entry it must write, or declared as touching no survivor data.
"""

from __future__ import annotations

import pytest

from tests.access.matrix import World
from tests.audit.coverage import (
    all_declared,
    all_rows,
    audited,
    call_row,
    endpoint_only_declarations,
    problems_of,
)

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


def _pairs(app) -> set[tuple[str, str]]:
    """Every (endpoint, method) the url map answers, without the methods Flask adds."""
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_endpoint_is_listed_or_declared(app):
    """No (endpoint, method) of the url map escapes the table: a listed GET does not cover
    the POST that changes the record."""
    listed = {(row.endpoint, row.method) for row in ROWS}
    declared = set(all_declared())
    assert sorted(_pairs(app) - listed - declared) == []
    assert sorted(listed & declared) == [], "a call cannot both write entries and touch no data"


def test_the_table_names_real_endpoints(app):
    """A row or declaration for an endpoint or method that does not exist is a mistake."""
    named = {(row.endpoint, row.method) for row in ROWS} | set(all_declared())
    assert sorted(named - _pairs(app)) == []
    endpoints = {endpoint for endpoint, _method in _pairs(app)}
    assert sorted(set(endpoint_only_declarations()) - endpoints) == []


def test_rows_are_not_given_twice():
    """Two rows with the same test id run the same check twice (give one a label)."""
    ids = [row.id for row in ROWS]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


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
