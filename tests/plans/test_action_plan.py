"""Action plan: goals per need, actions with who, due date and status; stale edits refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from casework.cases.models import Case
from casework.extensions import db
from casework.i18n import local_today
from casework.plans.errors import StalePlan
from casework.plans.models import Action, Goal
from casework.plans.operations import update_goal
from tests.plans.conftest import MARKUP, NEXT_WEEK, TOMORROW, YESTERDAY, audit_actions


def add_goal(client, ref: str, **overrides) -> str:
    """Add a goal through the page and return its text."""
    data = {"area": "legal", "description": "Laporan polisi diterima"}
    data.update(overrides)
    assert client.post(f"/cases/{ref}/goals/new", data=data).status_code == 302
    return data["description"]


def goal_id(app) -> str:
    """The id of the only goal."""
    with app.app_context():
        return str(db.session.scalars(select(Goal.id)).one())


def action_id(app) -> str:
    """The id of the only action."""
    with app.app_context():
        return str(db.session.scalars(select(Action.id)).one())


def action_data(**overrides) -> dict:
    """A valid action form."""
    data = {"description": "Dampingi ke Unit PPA Polres", "responsible_kind": "paralegal",
            "due_on": NEXT_WEEK, "status": "planned"}
    data.update(overrides)
    return data


def test_goal_and_action_on_case_page(app, as_paralegal, centre):
    """A goal for a need, with an action the paralegal will do, shows on the case page."""
    ref = centre.case.reference
    add_goal(as_paralegal, ref)
    response = as_paralegal.post(f"/cases/{ref}/goals/{goal_id(app)}/actions/new",
                                 data=action_data())
    assert response.status_code == 302
    page = as_paralegal.get(f"/cases/{ref}").data.decode()
    assert "Laporan polisi diterima" in page and "Dampingi ke Unit PPA Polres" in page
    assert "Direncanakan" in page and "Paralegal kasus" in page
    assert audit_actions(app, "goal") == ["create"] and audit_actions(app, "action") == ["create"]


def test_due_date_in_past_refused_input_kept(app, as_paralegal, centre):
    """A new action due yesterday is refused with a message; nothing typed is lost."""
    ref = centre.case.reference
    add_goal(as_paralegal, ref)
    response = as_paralegal.post(f"/cases/{ref}/goals/{goal_id(app)}/actions/new",
                                 data=action_data(due_on=YESTERDAY))
    assert response.status_code == 422
    assert "sudah lewat" in response.data.decode()
    assert "Dampingi ke Unit PPA Polres" in response.data.decode()
    with app.app_context():
        assert db.session.scalars(select(Action)).all() == []


def test_colleague_responsible_and_must_be_named(app, as_paralegal, centre):
    """A colleague must be chosen from the list; then her name shows."""
    ref = centre.case.reference
    add_goal(as_paralegal, ref)
    url = f"/cases/{ref}/goals/{goal_id(app)}/actions/new"
    missing = as_paralegal.post(url, data=action_data(responsible_kind="colleague"))
    assert missing.status_code == 422
    forged = as_paralegal.post(url, data=action_data(responsible_kind="colleague",
                                                     colleague=str(centre.supervisor.id)))
    assert forged.status_code == 422  # the NGO's supervisor is not staff of the case's centre
    assert "Pilih penanggung jawab dari daftar" in forged.data.decode()
    with app.app_context():
        assert db.session.scalars(select(Action)).all() == []
    named = as_paralegal.post(url, data=action_data(responsible_kind="colleague",
                                                    colleague=str(centre.colleague.id)))
    assert named.status_code == 302
    assert centre.colleague.username in as_paralegal.get(f"/cases/{ref}").data.decode()


def test_unit_responsible(app, as_paralegal, centre, make_org):
    """A service unit of the province can be made responsible before any referral."""
    unit = make_org("uptd_ppa", region="320405")
    ref = centre.case.reference
    add_goal(as_paralegal, ref, area="shelter", description="Tempat aman")
    response = as_paralegal.post(f"/cases/{ref}/goals/{goal_id(app)}/actions/new",
                                 data=action_data(responsible_kind="unit", unit=str(unit.id)))
    assert response.status_code == 302
    assert unit.name in as_paralegal.get(f"/cases/{ref}").data.decode()


def test_only_a_service_unit_can_be_responsible(app, as_paralegal, centre, make_org):
    """An NGO or a community centre is no service unit: the choice is refused, nothing saved."""
    ngo = make_org("ngo", region="320405")
    ref = centre.case.reference
    add_goal(as_paralegal, ref, area="shelter", description="Tempat aman")
    response = as_paralegal.post(f"/cases/{ref}/goals/{goal_id(app)}/actions/new",
                                 data=action_data(responsible_kind="unit", unit=str(ngo.id)))
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalars(select(Action)).all() == []


def test_status_change_and_stale_edit(app, as_paralegal, centre):
    """Marking done works; a second save on the old version is refused and keeps her input."""
    ref = centre.case.reference
    add_goal(as_paralegal, ref)
    as_paralegal.post(f"/cases/{ref}/goals/{goal_id(app)}/actions/new", data=action_data())
    url = f"/cases/{ref}/actions/{action_id(app)}"
    assert as_paralegal.post(url, data=action_data(status="done", version="1")).status_code == 302
    late = as_paralegal.post(url, data=action_data(description="Versi terlambat", version="1"))
    assert late.status_code == 409
    assert "Versi terlambat" in late.data.decode() and "Orang lain menyimpan" in late.data.decode()
    assert "Selesai" in as_paralegal.get(f"/cases/{ref}").data.decode()


def test_goal_stale_edit(app, as_paralegal, centre):
    """Two people editing one goal: the second is told, her text kept."""
    ref = centre.case.reference
    add_goal(as_paralegal, ref)
    url = f"/cases/{ref}/goals/{goal_id(app)}"
    first = {"area": "legal", "description": "Versi A", "status": "open", "version": "1"}
    assert as_paralegal.post(url, data=first).status_code == 302
    second = as_paralegal.post(url, data={**first, "description": "Versi B"})
    assert second.status_code == 409 and "Versi B" in second.data.decode()
    assert "Versi A" in as_paralegal.get(f"/cases/{ref}").data.decode()


def test_overdue_kept_when_editing_other_fields(app, as_paralegal, centre):
    """An action already past due can still be edited without moving its date."""
    ref = centre.case.reference
    add_goal(as_paralegal, ref)
    as_paralegal.post(f"/cases/{ref}/goals/{goal_id(app)}/actions/new",
                      data=action_data(due_on=TOMORROW))
    with app.app_context():
        action = db.session.scalars(select(Action)).one()
        action.due_on = local_today() - timedelta(days=3)
        db.session.commit()
        past = action.due_on.isoformat()
    url = f"/cases/{ref}/actions/{action_id(app)}"
    response = as_paralegal.post(url, data=action_data(due_on=past, status="in_progress",
                                                       version="2"))
    assert response.status_code == 302


def test_markup_and_foreign_ids(app, as_paralegal, centre):
    """Markup is escaped; an unknown goal or action id is a 404, not a 500."""
    ref = centre.case.reference
    add_goal(as_paralegal, ref, description=MARKUP)
    page = as_paralegal.get(f"/cases/{ref}").data.decode()
    assert MARKUP not in page and "&lt;script&gt;" in page
    assert as_paralegal.get(f"/cases/{ref}/goals/not-a-uuid").status_code == 404
    assert as_paralegal.get(
        f"/cases/{ref}/actions/00000000-0000-0000-0000-000000000000").status_code == 404


def test_race_at_the_same_instant_is_a_stale_edit(app, as_paralegal, centre):
    """Two saves that both passed the version check: the later write is refused, not a 500."""
    add_goal(as_paralegal, centre.case.reference)
    with app.test_request_context():
        goal = db.session.scalars(select(Goal)).one()
        case = db.session.get(Case, centre.case.id)
        db.session.execute(text("UPDATE plan_goal SET version = version + 1"))
        with pytest.raises(StalePlan):
            update_goal(case, goal, {"area": "legal", "status": "open", "description": "B"},
                        goal.version)
        db.session.rollback()
