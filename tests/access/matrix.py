"""The authorisation matrix: role x endpoint x relation (own/other organisation, assigned or not).

Reusable by every domain. A domain adds rows in its own test folder, in a module named
`access_rows.py` that defines `ROWS = [*expect(...), ...]`; `all_rows()` collects them, and
`check_endpoint(...)` runs one endpoint's rows against a fresh `World`. Argument values a
domain's paths need (say `referral_id`) come from `ARG_FACTORIES`, which a domain extends with
`register_arg("referral_id", factory)`; a factory is called only for the rows that need it.

Relations: an endpoint about a case (its path names `reference`, or an argument registered
with `of_case=True`) is tried on four cases: the caller's own organisation's case, assigned to
her or not; the other tree's case; and the other tree's case with the caller assigned to it
anyway (an assignment never reaches across organisations). An endpoint about another object
(a user, an organisation, a referral) has the first three; any other endpoint just "none".

Outcomes: ALLOW (served), DENY (a logged `denied` entry, and a 404 for a GET: the same answer
as for a case that does not exist; a 403 or 404 for a POST), REASON (a supervisor is sent to
the break-glass form first), LOGIN (anonymous: sent to log in, or 401), NOT_FOUND (a 404 for
an inner object the World does not hold, after the case itself was allowed).
"""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.cases.models import Case, CaseAssignment, ClosureRequest
from casework.extensions import db

ALLOW, DENY, REASON, LOGIN = "allow", "deny", "reason", "login"
# A 404 for an inner object the World does not hold (the case itself was allowed).
NOT_FOUND = "not_found"
ROLES = ("anonymous", "paralegal", "service_staff", "supervisor", "admin")
OBJECT_RELATIONS = ("own_assigned", "own_unassigned", "other_org")
CASE_RELATIONS = (*OBJECT_RELATIONS, "other_org_assigned")
OTHER_ORG = ("other_org", "other_org_assigned")
NO_OBJECT = ("none",)
# What a deny may answer: a GET is a 404 whoever asks (the gate and the loaders agree); a
# POST is a 403 from the gate (role) or a 404 from a loader (object).
DENY_STATUS = {"GET": (404,), "POST": (403, 404)}
TESTS_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Row:
    """One expectation: this role calling this endpoint about this relation gets this outcome.

    relation "*" stands for every relation the endpoint has. data is the form to POST (or the
    query string of a GET); a value "{user_id}" is filled in from the World for the row's
    relation. needs names World values to make before the request that neither the path nor
    the form carries (a safety plan to print).
    """

    endpoint: str
    method: str
    role: str
    relation: str
    outcome: str
    data: tuple[tuple[str, str], ...] = field(default=())
    needs: tuple[str, ...] = field(default=())


def expect(endpoint: str, method: str, data: dict[str, str] | None = None,
           needs: Iterable[str] = (), **by_role: str | dict[str, str]) -> list[Row]:
    """Rows for one endpoint: each role maps to an outcome, or to {relation: outcome}."""
    missing = set(ROLES) - set(by_role)
    if missing:
        raise ValueError(f"{endpoint} {method}: no expectation for {sorted(missing)}")
    frozen = tuple(sorted((data or {}).items()))
    rows = []
    for role, outcome in by_role.items():
        per_relation = outcome if isinstance(outcome, dict) else {"*": outcome}
        for relation, result in per_relation.items():
            rows.append(Row(endpoint, method, role, relation, result, frozen, tuple(needs)))
    return rows


def case_rows(endpoint: str, method: str, *, paralegal: bool = True, supervisor: str = REASON,
              data: dict[str, str] | None = None, needs: Iterable[str] = ()) -> list[Row]:
    """The usual rule of a case page: the assigned paralegal; a supervisor with a reason."""
    own = {"own_assigned": ALLOW, "own_unassigned": DENY, "other_org": DENY,
           "other_org_assigned": DENY}
    sup = {**own, "own_unassigned": supervisor}
    return expect(endpoint, method, data, needs, anonymous=LOGIN,
                  paralegal=own if paralegal else DENY, service_staff=DENY, supervisor=sup,
                  admin=DENY)


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
    `other_centre`. The paralegal works at home_centre, the supervisor at home_ngo. The other
    tree's "other_org_assigned" case has the paralegal and the supervisor assigned to it (the
    app never assigns across organisations; the World writes the rows directly).
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
            "other_org_assigned": make_case(self.stranger),
        }
        self._made: dict[tuple[str, str], Any] = {}
        self._assign("own_assigned", "supervisor")
        self._assign("other_org_assigned", "paralegal", "supervisor")

    def _assign(self, relation: str, *callers: str) -> None:
        """Assign callers to the case of the relation (the supervisor has a case of her own)."""
        with self.app.app_context():
            for caller in callers:
                db.session.add(CaseAssignment(case_id=self.cases[relation].id,
                                              user_id=self.callers[caller].id))
            db.session.commit()

    def case_of(self, relation: str):
        """The case of the relation; the other tree's case for an endpoint with no object."""
        return self.cases.get(relation, self.cases["other_org"])

    def args(self, relation: str, names: Iterable[str] | None = None) -> dict[str, Any]:
        """Values for the named path arguments and form placeholders (all when not named)."""
        wanted = ARG_FACTORIES if names is None else names
        return {name: ARG_FACTORIES[name](self, relation) for name in wanted}

    def once(self, name: str, relation: str, make: Callable[[], Any]) -> Any:
        """A value made once per World and relation (an object the factory creates)."""
        key = (name, relation)
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def make_in_case(self, relation: str, work: Callable[[Case, User], Any]) -> Any:
        """Run work(case, its author) in a request of the app, commit, return what it gave."""
        with self.app.test_request_context("/"):
            case = db.session.get(Case, self.case_of(relation).id)
            made = work(case, db.session.get(User, case.created_by_id))
            db.session.commit()
            return made


def _reference(world: World, relation: str) -> str:
    """The case of the relation."""
    return world.case_of(relation).reference


def _user_id(world: World, relation: str) -> uuid.UUID:
    """A colleague in the caller's own tree, or a stranger in the other tree."""
    return world.stranger.id if relation in OTHER_ORG else world.colleague.id


def _org_id(world: World, relation: str) -> uuid.UUID:
    """The home centre, or the other tree's centre."""
    return world.other_centre.id if relation in OTHER_ORG else world.home_centre.id


def _assignment_id(world: World, relation: str) -> uuid.UUID:
    """A paralegal's active assignment to the case of the relation (the caller's if any)."""
    case_id = world.case_of(relation).id
    with world.app.app_context():
        found = db.session.execute(
            select(CaseAssignment.id, CaseAssignment.user_id)
            .join(User, User.id == CaseAssignment.user_id)
            .where(CaseAssignment.case_id == case_id, CaseAssignment.ended_at.is_(None),
                   User.role == "paralegal")).all()
    mine = [row.id for row in found if row.user_id == world.callers["paralegal"].id]
    return (mine or [row.id for row in found] or [uuid.uuid4()])[0]


def _request_id(world: World, relation: str) -> uuid.UUID:
    """A pending request to close the case of the relation, by its author."""

    def ask(case: Case, author: User) -> uuid.UUID:
        request = ClosureRequest(case_id=case.id, reason="needs_met", grounds="high_risk",
                                 requested_by_id=author.id)
        request.note = "Kebutuhan terpenuhi."
        db.session.add(request)
        db.session.flush()
        return request.id

    return world.once("request_id", relation, lambda: world.make_in_case(relation, ask))


ARG_FACTORIES: dict[str, Callable[[World, str], Any]] = {
    "reference": _reference,
    "user_id": _user_id,
    "org_id": _org_id,
    "assignment_id": _assignment_id,
    "request_id": _request_id,
}
OBJECT_ARGS = {"reference", "user_id", "org_id"}
CASE_ARGS = {"reference"}


def register_arg(name: str, factory: Callable[[World, str], Any], is_object: bool = False,
                 of_case: bool = False) -> None:
    """Let a domain supply values for its own path arguments (and mark object arguments;
    of_case: the object belongs to a case, so the endpoint is tried on all four cases)."""
    ARG_FACTORIES[name] = factory
    if is_object or of_case:
        OBJECT_ARGS.add(name)
    if of_case:
        CASE_ARGS.add(name)


def rule_for(app: Flask, endpoint: str):
    """The URL rule of an endpoint."""
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)


def placeholders(data: tuple[tuple[str, str], ...]) -> set[str]:
    """The World values a form names as "{name}"."""
    return {value.strip("{}") for _key, value in data if value.startswith("{")}


def relations_of(app: Flask, endpoint: str, data: tuple[tuple[str, str], ...] = ()) -> tuple:
    """The four case relations, the three object relations, or just 'none'."""
    names = set(rule_for(app, endpoint).arguments) | placeholders(data)
    if names & CASE_ARGS:
        return CASE_RELATIONS
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


def _request(world: World, login, row: Row, relation: str):
    """Make the row's request as its role; return the path and the response."""
    app = world.app
    names = set(rule_for(app, row.endpoint).arguments) | placeholders(row.data) | set(row.needs)
    values = world.args(relation, sorted(names))
    client = app.test_client()
    if row.role != "anonymous":
        login(client, world.callers[row.role])
    data = {key: str(values[val.strip("{}")]) if val.startswith("{") else val
            for key, val in row.data}
    path = path_for(app, row.endpoint, values)
    if row.method == "GET":
        return path, client.open(path, method="GET", query_string=data or None)
    return path, client.open(path, method=row.method, data=data or None)


def run_row(world: World, login, row: Row, relation: str) -> str | None:
    """Make the row's request; return a description of the mismatch, or None."""
    before = _denials(world.app)
    path, response = _request(world, login, row, relation)
    got = outcome_of(response)
    where = f"{row.role} {row.method} {path} ({relation})"
    if row.outcome == NOT_FOUND and response.status_code == 404:
        return None
    if got != row.outcome:
        return f"{where}: expected {row.outcome}, got {got} ({response.status_code})"
    allowed_status = DENY_STATUS.get(row.method, (403, 404))
    if got == DENY and response.status_code not in allowed_status:
        return f"{where}: denied with {response.status_code}, not {allowed_status}"
    if got == DENY and _denials(world.app) <= before:
        return f"{where}: denied but not logged"
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
