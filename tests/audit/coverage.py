"""Audit coverage: every endpoint that touches survivor data writes its access-log entry.

Reusable by every domain. A domain lists its endpoints in its own test folder, in a module
named `audit_rows.py` (or here, as `tests/audit/rows_<domain>.py`) that defines

    ROWS = [audited("referrals.show", "GET", "view", object_type="referral", args=...), ...]
    NO_SURVIVOR_DATA = {("referrals.directory", "GET"): "lists service units, no case"}

`all_rows()` and `all_declared()` collect them; `tests/audit/test_every_endpoint_is_audited.py`
fails for an (endpoint, method) of `app.url_map` that is neither listed nor declared (a GET
listed does not cover the POST that changes the record), and runs each row:
it calls the endpoint as the row's role on the access matrix's World (tests/access/matrix.py)
and checks that exactly one entry of the expected action (and object type, and case reference)
was written by that request, by that person, with no survivor value in it.

A row whose endpoint needs objects the World does not hold (a referral, an attachment) gives
`setup(world, values) -> dict`, which makes them and returns the extra path/form values; the
values it is given are the case's reference and the World's other plain ids. Any other value
the path or form needs comes from the matrix's factories.

A declaration keyed by an endpoint alone (the older form) covers no method: it is reported by
`endpoint_only_declarations()` so it can be rewritten as (endpoint, method) pairs.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import url_for
from sqlalchemy import func, select

from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.access.matrix import World, rule_for
from tests.conftest import case_data

TESTS_ROOT = Path(__file__).resolve().parent.parent
# What the World's cases were registered with: none of it may reach the log.
SURVIVOR_VALUES = tuple(case_data()[name] for name in ("name", "nik", "phone", "narrative"))

Setup = Callable[[World, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class AuditRow:
    """One call of an endpoint and the entry it must write."""

    endpoint: str
    method: str
    action: str
    object_type: str | None = None
    role: str = "paralegal"
    relation: str = "own_assigned"
    data: tuple[tuple[str, Any], ...] = ()
    setup: Setup | None = None
    with_case_ref: bool = True
    label: str = ""
    known_gap: str = ""

    @property
    def id(self) -> str:
        """A readable test id."""
        return f"{self.endpoint}-{self.method}-{self.action}{'-' + self.label if self.label else ''}"


def audited(endpoint: str, method: str, action: str, *, object_type: str | None = None,
            role: str = "paralegal", relation: str = "own_assigned",
            data: dict[str, Any] | None = None, setup: Setup | None = None,
            with_case_ref: bool = True, label: str = "", known_gap: str = "") -> AuditRow:
    """A row: calling this endpoint this way must write one `action` entry.

    data values written "{name}" are filled from the World's values (reference, user_id...)
    and from what setup returned. known_gap names a missing entry the owning domain must add:
    the row is then expected to fail (strictly), so fixing the gap turns it green.
    """
    return AuditRow(endpoint, method, action, object_type, role, relation,
                    tuple((data or {}).items()), setup, with_case_ref, label, known_gap)


def _modules() -> list[str]:
    """tests/audit/rows_*.py and every tests/<domain>/audit_rows.py."""
    here = Path(__file__).parent
    names = [f"tests.audit.{m.name}" for m in pkgutil.iter_modules([str(here)])
             if m.name.startswith("rows_")]
    names += [f"tests.{path.parent.name}.audit_rows" for path in sorted(TESTS_ROOT.glob("*/audit_rows.py"))]
    return names


def all_rows() -> list[AuditRow]:
    """Every listed call, from every domain."""
    rows: list[AuditRow] = []
    for name in _modules():
        rows.extend(getattr(importlib.import_module(name), "ROWS", []))
    return rows


def _declarations() -> dict:
    """Every NO_SURVIVOR_DATA entry of every module, whatever its key."""
    declared: dict = {}
    for name in _modules():
        declared.update(getattr(importlib.import_module(name), "NO_SURVIVOR_DATA", {}))
    return declared


def all_declared() -> dict[tuple[str, str], str]:
    """Every (endpoint, method) declared as touching no survivor data, with the reason."""
    return {key: reason for key, reason in _declarations().items() if isinstance(key, tuple)}


def endpoint_only_declarations() -> list[str]:
    """Declarations naming an endpoint without a method (the older form): they cover nothing."""
    return sorted(key for key in _declarations() if isinstance(key, str))


@dataclass
class Call:
    """What one row's request did: its response and the entries it wrote."""

    status: int
    request_id: str
    entries: list[AuditEntry] = field(default_factory=list)


def _head(app) -> int:
    """The newest sequence number."""
    with app.app_context():
        return db.session.scalar(select(func.coalesce(func.max(AuditEntry.seq), 0)))


def _path(app, endpoint: str, values: dict[str, Any]) -> str:
    """The endpoint's URL with the values for its arguments."""
    rule = rule_for(app, endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{name: values[name] for name in rule.arguments})


def _fill(data: tuple[tuple[str, Any], ...], values: dict[str, Any]) -> dict[str, Any]:
    """Form data with "{name}" placeholders replaced by the World's values (callables called,
    so a file to upload is fresh for every request)."""
    filled = {}
    for key, value in data:
        if callable(value):
            value = value()
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            value = str(values[value[1:-1]])
        filled[key] = value
    return filled


# Values every setup may read: plain ids of the World, made by no factory.
BASIC_ARGS = ("reference", "user_id", "org_id")


def _placeholders(data: tuple[tuple[str, Any], ...]) -> set[str]:
    """The World values a row's form names as "{name}"."""
    return {value[1:-1] for _key, value in data
            if isinstance(value, str) and value.startswith("{") and value.endswith("}")}


def row_values(world: World, row: AuditRow) -> dict[str, Any]:
    """The row's path and form values: its setup's, then the matrix factories' for the rest."""
    values = world.args(row.relation, BASIC_ARGS)
    if row.setup is not None:
        values.update(row.setup(world, values))
    needed = set(rule_for(world.app, row.endpoint).arguments) | _placeholders(row.data)
    values.update(world.args(row.relation, sorted(needed - set(values))))
    return values


def call_row(world: World, login, row: AuditRow) -> Call:
    """Make the row's request as its role and collect the entries written meanwhile."""
    app = world.app
    values = row_values(world, row)
    client = app.test_client()
    login(client, world.callers[row.role])
    before = _head(app)
    response = client.open(_path(app, row.endpoint, values), method=row.method,
                           data=_fill(row.data, values) or None)
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.seq > before)
                                          .order_by(AuditEntry.seq)))
        db.session.expunge_all()
    return Call(response.status_code, response.headers.get("X-Request-ID", ""), entries)


def problems_of(world: World, row: AuditRow, call: Call) -> list[str]:
    """What is wrong with the entries one call wrote (empty when all is right)."""
    caller = world.callers[row.role]
    problems = []
    if call.status >= 400:
        problems.append(f"answered {call.status}: the row does not reach the page")
    matching = [e for e in call.entries if e.action == row.action
                and (row.object_type is None or e.object_type == row.object_type)]
    if len(matching) != 1:
        found = [(e.action, e.object_type) for e in call.entries]
        problems.append(f"expected one {row.action}/{row.object_type} entry, found {found}")
    for entry in matching:
        if entry.actor_id != caller.id or entry.request_id != call.request_id:
            problems.append("the entry is not the caller's or not this request's")
        if row.with_case_ref and entry.case_ref != world.cases[row.relation].reference:
            problems.append(f"the entry names case {entry.case_ref!r}, not the case opened")
    for entry in call.entries:
        text = entry.canonical().decode("utf-8")
        problems += [f"a survivor value is in entry {entry.seq}" for v in SURVIVOR_VALUES if v in text]
    return problems
