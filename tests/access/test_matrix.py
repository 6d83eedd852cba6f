"""SECURITY.md 15: every role x endpoint x own/other organisation x assigned/not gets exactly
the expected allow or deny; a deny is logged as `denied`, and is a 404 for a GET (on another
organisation's case as on a case that does not exist) or a 403/404 for a POST."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import abort

from casework.accounts.access import roles
from casework.audit.operations import record
from tests.access.matrix import (
    DENY,
    OTHER_ORG,
    ROLES,
    Row,
    World,
    all_rows,
    check_endpoint,
    relations_of,
    run_row,
)


def _endpoints_and_methods() -> list[tuple[str, str]]:
    """Every (endpoint, method) with rows, sorted."""
    return sorted({(row.endpoint, row.method) for row in all_rows()})


def _methods(rule) -> list[str]:
    """The methods a rule answers, without the ones Flask adds."""
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


@pytest.fixture
def world(app, make_org, make_user, make_case) -> World:
    """Two trees, a caller per role, and cases assigned or not."""
    return World(app, make_org, make_user, make_case)


@pytest.mark.parametrize(("endpoint", "method"), _endpoints_and_methods())
def test_matrix(world, login, endpoint, method):
    """Each row of this endpoint gets exactly its expected outcome."""
    rows = [r for r in all_rows() if (r.endpoint, r.method) == (endpoint, method)]
    assert check_endpoint(world, login, rows) == []


def _missing(app, rows: list[Row], rule, method: str) -> list[str]:
    """The roles and relations of one endpoint and method that no row covers."""
    mine = [r for r in rows if (r.endpoint, r.method) == (rule.endpoint, method)]
    data = mine[0].data if mine else ()
    return [f"{method} {rule.endpoint} {role} {relation}"
            for role in ROLES for relation in relations_of(app, rule.endpoint, data)
            if not any(r.role == role and r.relation in ("*", relation) for r in mine)]


def test_every_endpoint_has_a_row_for_every_method_role_and_relation(app):
    """A new page of any domain, or a new method of a page, fails here until its rows exist."""
    rows = all_rows()
    missing = [gap for rule in app.url_map.iter_rules() for method in _methods(rule)
               for gap in _missing(app, rows, rule, method)]
    assert missing == []


def test_no_expectation_is_given_twice(app):
    """Two rows for the same role and relation would contradict each other, or one is dead."""
    seen: Counter = Counter()
    for row in all_rows():
        relations = relations_of(app, row.endpoint, row.data) if row.relation == "*" else (
            row.relation,)
        seen.update((row.endpoint, row.method, row.role, relation) for relation in relations)
    assert sorted(key for key, count in seen.items() if count > 1) == []


def test_rows_name_real_endpoints_methods_and_relations(app):
    """A row for an endpoint, method or relation that does not exist is a mistake in the table."""
    methods = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
               for method in _methods(rule)}
    rows = all_rows()
    assert sorted({(row.endpoint, row.method) for row in rows} - methods) == []
    wrong = [row for row in rows if row.relation != "*"
             and row.relation not in relations_of(app, row.endpoint, row.data)]
    assert wrong == []


def _refusing_view(status: int, logged: bool):
    """A case page that refuses everyone with this status, logging the denial or not."""

    def view(reference: str):
        if logged:
            record("denied", object_type="case", outcome="denied")
        abort(status)

    return roles("paralegal")(view)


def test_the_check_wants_a_logged_404_for_a_refused_get(app, world, login):
    """A deny answered 403 to a GET, or a 404 nobody logged, is reported; the real case page
    answers both other-organisation cases with a logged 404."""
    app.add_url_rule("/matrix/forbidden/<reference>", "forbidden", _refusing_view(403, True))
    app.add_url_rule("/matrix/unlogged/<reference>", "unlogged", _refusing_view(404, False))
    for relation in OTHER_ORG:
        assert run_row(world, login, Row("cases.show", "GET", "paralegal", relation, DENY),
                       relation) is None
    forbidden = run_row(world, login, Row("forbidden", "GET", "paralegal", "other_org", DENY),
                        "other_org")
    assert forbidden.endswith("denied with 403, not (404,)")
    unlogged = run_row(world, login, Row("unlogged", "GET", "paralegal", "other_org", DENY),
                       "other_org")
    assert unlogged.endswith("denied but not logged")
