"""SECURITY.md 15: every role x endpoint x own/other organisation x assigned/not gets exactly
the expected allow or deny; a deny is a 404 (or 403 for a POST) and is logged as `denied`."""

from __future__ import annotations

import pytest

from tests.access.matrix import ROLES, World, all_rows, check_endpoint, relations_of

COVERED_BLUEPRINTS = ("accounts", "admin", "cases")


def _endpoints_and_methods() -> list[tuple[str, str]]:
    """Every (endpoint, method) with rows, sorted."""
    return sorted({(row.endpoint, row.method) for row in all_rows()})


@pytest.fixture
def world(app, make_org, make_user, make_case) -> World:
    """Two trees, a caller per role, and cases assigned or not."""
    return World(app, make_org, make_user, make_case)


@pytest.mark.parametrize(("endpoint", "method"), _endpoints_and_methods())
def test_matrix(world, login, endpoint, method):
    """Each row of this endpoint gets exactly its expected outcome."""
    rows = [r for r in all_rows() if (r.endpoint, r.method) == (endpoint, method)]
    assert check_endpoint(world, login, rows) == []


def test_every_covered_endpoint_has_a_row_for_every_role_and_relation(app):
    """A new page of accounts, admin or cases fails here until its rows are written."""
    rows = all_rows()
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in COVERED_BLUEPRINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            mine = [r for r in rows if (r.endpoint, r.method) == (rule.endpoint, method)]
            data = mine[0].data if mine else ()
            for role in ROLES:
                for relation in relations_of(app, rule.endpoint, data):
                    if not any(r.role == role and r.relation in ("*", relation) for r in mine):
                        missing.append(f"{method} {rule.endpoint} {role} {relation}")
    assert missing == []


def test_rows_name_real_endpoints(app):
    """A row for an endpoint that does not exist is a mistake in the table."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {row.endpoint for row in all_rows()} <= endpoints
