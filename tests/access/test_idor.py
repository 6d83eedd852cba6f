"""SECURITY.md 16: changing an id in a path, form field or hidden field to another
organisation's object is refused (IDOR), for every case page of every domain."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.accounts.models import UserSession
from casework.audit.models import AuditEntry
from casework.cases.models import CaseAssignment
from casework.extensions import db
from tests.access.matrix import World
from tests.conftest import case_data

SURVIVOR_NAME = case_data()["name"]


@pytest.fixture
def world(app, make_org, make_user, make_case) -> World:
    """Two organisation trees with a caller per role and a case in each."""
    return World(app, make_org, make_user, make_case)


def _case_rules(app):
    """Every URL rule of any domain that takes a case reference, with its methods."""
    for rule in app.url_map.iter_rules():
        if "reference" in rule.arguments:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _fill(rule, world: World, reference: str) -> str:
    """The rule's path with another case's reference and the World's other ids."""
    values = world.args("other_org")
    values["reference"] = reference
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<{name}>", str(values.get(name, "x"))).replace(
            f"<uuid:{name}>", str(values.get(name, "x")))
    return path


def _denials(app) -> int:
    """How many denials are logged."""
    with app.app_context():
        return db.session.scalar(select(func.count()).where(AuditEntry.action == "denied"))


@pytest.mark.parametrize("role", ["paralegal", "supervisor"])
def test_another_organisations_case_reference_in_any_path(app, world, login, role):
    """Every page that takes a case answers 404, logged, for the other tree's case."""
    client = login(app.test_client(), world.callers[role])
    other = world.cases["other_org"].reference
    problems = []
    for rule, method in _case_rules(app):
        before = _denials(app)
        response = client.open(_fill(rule, world, other), method=method, data={})
        # A role the page is not for is stopped at the gate (403 for a POST), also logged.
        if response.status_code not in (403, 404) or _denials(app) <= before:
            problems.append(f"{method} {rule.rule}: {response.status_code}")
        assert SURVIVOR_NAME.encode() not in response.data
    assert problems == []


def test_another_organisations_user_in_the_revoke_form(app, world, login):
    """A supervisor cannot end the sessions of someone outside her tree by editing the form."""
    stranger_client = login(app.test_client(), world.stranger)
    client = login(app.test_client(), world.callers["supervisor"])
    response = client.post("/team/revoke", data={"user_id": str(world.stranger.id)})
    assert response.status_code == 404
    assert stranger_client.get("/cases/").status_code == 200
    with app.app_context():
        live = db.session.scalar(select(func.count()).where(
            UserSession.user_id == world.stranger.id, UserSession.ended_at.is_(None)))
    assert live == 1


def test_another_organisations_paralegal_in_the_assign_form(app, world, login):
    """Assigning her own case to a paralegal of another tree is refused."""
    client = login(app.test_client(), world.callers["supervisor"])
    reference = world.cases["own_assigned"].reference
    response = client.post(f"/cases/{reference}/assign",
                           data={"paralegal": str(world.stranger.id), "replace": "y"})
    assert response.status_code in (404, 422)
    with app.app_context():
        taken = db.session.scalar(select(func.count()).where(
            CaseAssignment.user_id == world.stranger.id,
            CaseAssignment.case_id == world.cases["own_assigned"].id))
    assert taken == 0


def test_another_cases_assignment_id_under_her_own_case(app, world, login):
    """An assignment of the other tree's case cannot be ended through her own case's path."""
    client = login(app.test_client(), world.callers["supervisor"])
    own = world.cases["own_assigned"].reference
    foreign = world.args("other_org")["assignment_id"]
    response = client.post(f"/cases/{own}/assign/{foreign}/end")
    assert response.status_code == 404
    with app.app_context():
        assignment = db.session.get(CaseAssignment, foreign)
        assert assignment.ended_at is None


def test_reason_form_cannot_send_her_to_another_page(app, world, login):
    """The hidden return path of the reason form only leads back to the same case."""
    client = login(app.test_client(), world.callers["supervisor"])
    reference = world.cases["own_unassigned"].reference
    other = world.cases["other_org"].reference
    response = client.post(f"/cases/{reference}/reason", data={
        "reason": "Checking the case after a call from the police.",
        "next": f"/cases/{other}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{reference}")
