"""SECURITY.md 18: admins never receive survivor data in any response, on any page of any domain."""

from __future__ import annotations

import uuid

import pytest

from tests.access.matrix import World
from tests.conftest import case_data

CANARIES = ("Canaryname Xq", "3204054507900001", "6281234567890", "Canarystory Zx")


@pytest.fixture
def world(app, make_org, make_user, make_case) -> World:
    """Two trees; every case carries canary values in its identifying fields."""
    world = World(app, make_org, make_user, make_case)
    for author in (world.callers["paralegal"], world.colleague, world.stranger):
        make_case(author, name="Canaryname Xq", narrative="Canarystory Zx")
    return world


def _path(rule, values: dict) -> str:
    """The rule's path with the World's values, a fresh UUID for anything else."""
    path = rule.rule
    for name in rule.arguments:
        value = str(values.get(name, "casework.css" if name == "filename" else uuid.uuid4()))
        for pattern in (f"<{name}>", f"<uuid:{name}>", f"<path:{name}>"):
            path = path.replace(pattern, value)
    return path


@pytest.mark.parametrize("relation", ["own_assigned", "other_org"])
def test_no_page_gives_an_admin_survivor_data(app, world, login, relation):
    """Every GET and POST of every endpoint, as an admin: no name, NIK, phone or story."""
    assert case_data()["nik"] in CANARIES
    values = world.args(relation)
    leaks, served = [], 0
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # A fresh login each time: logout or a password change must not end the sweep.
            client = login(app.test_client(), world.callers["admin"])
            response = client.open(_path(rule, values), method=method, data={})
            body = response.get_data()
            served += response.status_code == 200
            leaks += [f"{method} {rule.rule}: {c}" for c in CANARIES if c.encode() in body]
    assert leaks == []
    assert served > 10  # the sweep really reached the admin's own pages


def test_admin_opening_a_case_url_is_refused_and_logged(app, world, login):
    """Bad input: an admin typing a case address gets the same 404 as for a missing case."""
    from sqlalchemy import select

    from casework.audit.models import AuditEntry
    from casework.extensions import db

    client = login(app.test_client(), world.callers["admin"])
    reference = world.cases["own_assigned"].reference
    response = client.get(f"/cases/{reference}")
    assert response.status_code == 404
    assert b"Canaryname" not in response.data and b"Siti" not in response.data
    with app.app_context():
        denial = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "denied")).one()
    assert denial.actor_id == world.callers["admin"].id and denial.outcome == "denied"
