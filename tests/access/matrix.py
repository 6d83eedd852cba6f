"""The authorisation matrix: role x endpoint x relation (own/other organisation, assigned or not).

Reusable by every domain. A domain adds rows in its own test folder, in a module named
`access_rows.py` that defines `ROWS = [*expect(...), ...]`; `all_rows()` collects them, and
`check_endpoint(...)` runs one endpoint's rows against a fresh `World`. Argument values a
domain's paths need (say `referral_id`) come from `ARG_FACTORIES`, which a domain extends with
`register_arg("referral_id", factory)`.

Outcomes: ALLOW (served), DENY (404/403, and a `denied` audit entry), REASON (a supervisor is
sent to the break-glass form first), LOGIN (anonymous: sent to log in, or 401), NOT_FOUND (a
404 for an inner object the World does not hold, after the case itself was allowed).
"""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from casework.audit.models import AuditEntry
from casework.cases.models import CaseAssignment
from casework.extensions import db

ALLOW, DENY, REASON, LOGIN = "allow", "deny", "reason", "login"
# A 404 for an inner object the World does not hold (the case itself was allowed).
NOT_FOUND = "not_found"
ROLES = ("anonymous", "paralegal", "service_staff", "supervisor", "admin")
OBJECT_RELATIONS = ("own_assigned", "own_unassigned", "other_org")
NO_OBJECT = ("none",)
TESTS_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Row:
    """One expectation: this role calling this endpoint about this relation gets this outcome.

    relation "*" stands for every relation the endpoint has. data is the form to POST; a
    value "{user_id}" is filled in from the World for the row's relation.
    """

    endpoint: str
    method: str
    role: str
    relation: str
    outcome: str
    data: tuple[tuple[str, str], ...] = field(default=())


def expect(endpoint: str, method: str, data: dict[str, str] | None = None,
           **by_role: str | dict[str, str]) -> list[Row]:
    """Rows for one endpoint: each role maps to an outcome, or to {relation: outcome}."""
    missing = set(ROLES) - set(by_role)
    if missing:
        raise ValueError(f"{endpoint} {method}: no expectation for {sorted(missing)}")
    frozen = tuple(sorted((data or {}).items()))
    rows = []
    for role, outcome in by_role.items():
        per_relation = outcome if isinstance(outcome, dict) else {"*": outcome}
        for relation, result in per_relation.items():
            rows.append(Row(endpoint, method, role, relation, result, frozen))
    return rows


def case_rows(endpoint: str, method: str, *, paralegal: bool = True, supervisor: str = REASON,
              data: dict[str, str] | None = None) -> list[Row]:
    """The usual rule of a case page: the assigned paralegal; a supervisor with a reason."""
    own = {"own_assigned": ALLOW, "own_unassigned": DENY, "other_org": DENY}
    sup = {"own_assigned": ALLOW, "own_unassigned": supervisor, "other_org": DENY}
    return expect(endpoint, method, data, anonymous=LOGIN, paralegal=own if paralegal else DENY,
                  service_staff=DENY, supervisor=sup, admin=DENY)


def all_rows() -> list[Row]:
    """The rows of tests/access/rows_*.py and of every tests/<domain>/access_rows.py."""
    modules = [f"tests.access.{m.name}" for m in pkgutil.iter_modules([str(Path(__file__).parent)])
               if m.name.startswith("rows_")]
    modules += [f"tests.{path.parent.name}.access_rows"
                for path in sorted(TESTS_ROOT.glob("*/access_rows.py"))]
    rows: list[Row] = []
    for name in modules:
        rows.extend(importlib.import_module(name).ROWS)
    return rows


class World:
    """Two organisation trees, one caller per role, and cases assigned or not.

    Home tree: NGO `home_ngo` with the centre `home_centre`. Other tree: `other_ngo` with
    `other_centre`. The paralegal works at home_centre, the supervisor at home_ngo.
    """

    def __init__(self, app: Flask, make_org, make_user, make_case) -> None:
        self.app = app
        self.home_ngo = make_org("ngo")
        self.home_centre = make_org("community_centre", parent=self.home_ngo)
        self.other_ngo = make_org("ngo")
        self.other_centre = make_org("community_centre", parent=self.other_ngo)
        unit = make_org("uptd_ppa")
        self.callers = {
            "paralegal": make_user("paralegal", self.home_centre),
            "supervisor": make_user("supervisor", self.home_ngo),
            "service_staff": make_user("service_staff", unit),
            "admin": make_user("admin", self.other_ngo),
        }
        self.colleague = make_user("paralegal", self.home_centre)
        self.stranger = make_user("paralegal", self.other_centre)
        self.cases = {
            "own_assigned": make_case(self.callers["paralegal"]),
            "own_unassigned": make_case(self.colleague),
            "other_org": make_case(self.stranger),
        }
        self._assign(self.cases["own_assigned"].id, self.callers["supervisor"].id)

    def _assign(self, case_id: uuid.UUID, user_id: uuid.UUID) -> None:
        """Assign the supervisor too, so she has an assigned case of her own."""
        with self.app.app_context():
            db.session.add(CaseAssignment(case_id=case_id, user_id=user_id))
            db.session.commit()

    def args(self, relation: str) -> dict[str, Any]:
        """Values for every path argument and form placeholder, for one relation."""
        return {name: factory(self, relation) for name, factory in ARG_FACTORIES.items()}


def _reference(world: World, relation: str) -> str:
    """The case of the relation."""
    return world.cases.get(relation, world.cases["other_org"]).reference


def _user_id(world: World, relation: str) -> uuid.UUID:
    """A colleague in the caller's own tree, or a stranger in the other tree."""
    return world.stranger.id if relation == "other_org" else world.colleague.id


def _org_id(world: World, relation: str) -> uuid.UUID:
    """The home centre, or the other tree's centre."""
    return world.other_centre.id if relation == "other_org" else world.home_centre.id


def _assignment_id(world: World, relation: str) -> uuid.UUID:
    """The paralegal's assignment to the case of the relation (if any)."""
    case_id = world.cases.get(relation, world.cases["other_org"]).id
    with world.app.app_context():
        found = db.session.scalar(select(CaseAssignment.id).where(CaseAssignment.case_id == case_id))
    return found or uuid.uuid4()


ARG_FACTORIES: dict[str, Callable[[World, str], Any]] = {
    "reference": _reference,
    "user_id": _user_id,
    "org_id": _org_id,
    "assignment_id": _assignment_id,
    "request_id": lambda _world, _relation: uuid.uuid4(),  # no closure request in this World
}
OBJECT_ARGS = {"reference", "user_id", "org_id"}


def register_arg(name: str, factory: Callable[[World, str], Any], is_object: bool = False) -> None:
    """Let a domain supply values for its own path arguments (and mark object arguments)."""
    ARG_FACTORIES[name] = factory
    if is_object:
        OBJECT_ARGS.add(name)


def rule_for(app: Flask, endpoint: str):
    """The URL rule of an endpoint."""
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)


def relations_of(app: Flask, endpoint: str, data: tuple[tuple[str, str], ...] = ()) -> tuple:
    """Object relations when the path or form names an object, else just 'none'."""
    names = set(rule_for(app, endpoint).arguments)
    names |= {value.strip("{}") for _key, value in data if value.startswith("{")}
    return OBJECT_RELATIONS if names & OBJECT_ARGS else NO_OBJECT


def path_for(app: Flask, endpoint: str, values: dict[str, Any]) -> str:
    """The URL of the endpoint with the World's values for its arguments."""
    rule = rule_for(app, endpoint)
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{name: values[name] for name in rule.arguments})


def outcome_of(response) -> str:
    """What the response amounts to, in the matrix's words."""
    location = response.headers.get("Location", "")
    redirected = response.status_code in (302, 303)
    if response.status_code == 401 or (redirected and "/login?next=" in location):
        return LOGIN
    if redirected and location.split("?")[0].endswith("/reason"):
        return REASON
    if response.status_code in (403, 404):
        return DENY
    if response.status_code >= 500:
        return f"error {response.status_code}"
    return ALLOW


def _denials(app: Flask) -> int:
    """How many denials the access log holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).where(AuditEntry.action == "denied"))


def run_row(world: World, login, row: Row, relation: str) -> str | None:
    """Make the row's request; return a description of the mismatch, or None."""
    app = world.app
    values = world.args(relation)
    client = app.test_client()
    if row.role != "anonymous":
        login(client, world.callers[row.role])
    data = {key: str(values[val.strip("{}")]) if val.startswith("{") else val
            for key, val in row.data}
    before = _denials(app)
    path = path_for(app, row.endpoint, values)
    response = client.open(path, method=row.method, data=data or None)
    got = outcome_of(response)
    if row.outcome == NOT_FOUND and response.status_code == 404:
        return None
    if got != row.outcome:
        return f"{row.role} {row.method} {path} ({relation}): expected {row.outcome}, got {got}"
    if got == DENY and _denials(app) <= before:
        return f"{row.role} {row.method} {path} ({relation}): denied but not logged"
    return None


def check_endpoint(world: World, login, rows: list[Row]) -> list[str]:
    """Run every row of one endpoint and method; denials first, so allows change nothing."""
    problems = []
    for row in sorted(rows, key=lambda r: r.outcome == ALLOW):
        relations = relations_of(world.app, row.endpoint, row.data)
        for relation in relations if row.relation == "*" else (row.relation,):
            problem = run_row(world, login, row, relation)
            if problem:
                problems.append(problem)
    return problems
