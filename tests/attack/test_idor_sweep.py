"""SECURITY.md 16 and 18, issue 8.5: every endpoint of app.url_map that takes an id or a
reference (including those added after this test was written) is called by each role of
another organisation with organisation B's ids, by GET and POST. Each answer is a refusal,
carries none of B's canaries, and B's case is unchanged afterwards."""

from __future__ import annotations

import uuid

from flask import Flask
from sqlalchemy import select

from casework.cases.models import Case
from casework.extensions import db
from tests.attack.conftest import leaked
from tests.attack.forms import object_ids

ATTACKERS = ("paralegal", "supervisor", "service_staff", "admin")
REFUSED = {401, 403, 404, 405}
# Rows that hang off others and have no page of their own.
NOT_ADDRESSED = {"survivor_index", "referral_service", "referral_transition"}


def _references(app: Flask, ids: dict) -> list[str]:
    """B's case reference and the references of its referrals (if they have any)."""
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name in ids and "reference" in table.c:
                found += db.session.scalars(
                    select(table.c.reference).where(table.c.id.in_(ids[table.name])))
        db.session.rollback()
    return found


def _ids_for(arg: str, ids: dict) -> list[uuid.UUID]:
    """B's ids of the table an argument names (referral_id -> referral), else of every table."""
    stem = arg.removesuffix("_id").removesuffix("id").strip("_")
    for good in (lambda t: t == stem or t.endswith(f"_{stem}"), lambda t: stem in t):
        matched = [v for table, values in ids.items() if stem and good(table)
                   and table not in NOT_ADDRESSED for v in values]
        if matched:
            return matched
    return [v for table, values in ids.items() if table not in NOT_ADDRESSED for v in values]


def candidates(rule, arg: str, ids: dict, references: list[str]) -> list:
    """The values of B's objects to put in one argument of a rule."""
    kind = type(rule._converters[arg]).__name__
    if kind == "UUIDConverter":
        return _ids_for(arg, ids)
    if kind in ("IntegerConverter", "FloatConverter"):
        return [1]
    if "ref" in arg:
        return references
    if "id" in arg:
        return [str(value) for value in _ids_for(arg, ids)]
    return ["x"]


def targets(app: Flask, ids: dict, references: list[str]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every rule with arguments, filled with B's values."""
    adapter = app.url_map.bind("localhost")
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.endpoint == "static":
            continue
        combos = [{}]
        for arg in sorted(rule.arguments):
            combos = [{**c, arg: v} for c in combos for v in candidates(rule, arg, ids, references)]
        for values in combos[:4]:
            url = adapter.build(rule.endpoint, values)
            for method in ("GET", "POST"):
                if method in rule.methods:
                    found.append((rule.endpoint, method, url))
    return found


def _state_of_b(app: Flask, world) -> tuple:
    """What an attack must not change: B's rows, and the case's version and status."""
    ids = object_ids(app, world.case_id)
    with app.app_context():
        case = db.session.get(Case, world.case_id)
        state = (case.version, case.status, {t: frozenset(v) for t, v in ids.items()})
        db.session.rollback()
    return state


def test_other_organisation_gets_nothing_by_id(app, world, as_user):
    """Every role of organisation A, every endpoint with an id, B's ids: refused, nothing shown."""
    references = _references(app, world.ids)
    sweep = targets(app, world.ids, references)
    endpoints = {endpoint for endpoint, _m, _u in sweep}
    assert {"cases.show", "cases.edit"} <= endpoints and len(endpoints) >= 10
    before = _state_of_b(app, world)
    failures = []
    for role in ATTACKERS:
        client = as_user(world.staff_a[role])
        for endpoint, method, url in sweep:
            answer = client.open(url, method=method, data={})
            body = answer.get_data(as_text=True)
            redirected_to_login = answer.status_code == 302 and "/login" in answer.location
            # Admins manage every organisation's accounts: for them only leaks count.
            refused = answer.status_code in REFUSED or redirected_to_login or role == "admin"
            if not refused:
                failures.append(f"{role} {method} {url} ({endpoint}) -> {answer.status_code}")
            if leaked(body) or leaked(str(answer.headers)):
                failures.append(f"{role} {method} {url} leaked {leaked(body)}")
    assert failures == []
    assert _state_of_b(app, world) == before
