"""Overdue actions and due follow-ups on the paralegal's list and the supervisor's view, and the
query functions the dashboards use."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from casework.accounts.models import User
from casework.cases.models import Case
from casework.extensions import db
from casework.i18n import local_today
from casework.plans.models import Action, FollowUp, Goal
from casework.plans.queries import due_followups, overdue_actions


def seed_overdue(app, case, author) -> None:
    """One action due three days ago and a follow-up whose next date was yesterday."""
    past = local_today() - timedelta(days=3)
    with app.app_context():
        goal = Goal(case_id=case.id, area="legal", status="open", created_by_id=author.id)
        goal.description = "Proses hukum"
        db.session.add(goal)
        db.session.flush()
        action = Action(case_id=case.id, goal_id=goal.id, responsible_kind="paralegal",
                        responsible_user_id=author.id, due_on=past, status="planned")
        action.description = "Antar ke Polres"
        followup = FollowUp(case_id=case.id, contact_on=past, method="visit",
                            outcome="reached_concerns", next_on=local_today() - timedelta(days=1))
        db.session.add_all([action, followup])
        db.session.commit()


def test_paralegal_list_and_agenda_show_overdue(app, as_paralegal, centre):
    """The case list counts the overdue work; the agenda lists it by case reference."""
    seed_overdue(app, centre.case, centre.paralegal)
    ref = centre.case.reference
    cases = as_paralegal.get("/cases/").data.decode()
    assert "2 terlambat" in cases and "2 tindakan terlambat atau tindak lanjut" in cases
    agenda = as_paralegal.get("/agenda").data.decode()
    assert ref in agenda and "Antar ke Polres" in agenda
    assert 'id="due-followups"' in agenda and "Kunjungan" in agenda
    assert as_paralegal.get("/agenda?list=actions").status_code == 200


def test_done_action_no_longer_overdue(app, as_paralegal, centre):
    """Once done, the action leaves the agenda."""
    seed_overdue(app, centre.case, centre.paralegal)
    with app.app_context():
        action = db.session.scalars(select(Action)).one()
        action.status = "done"
        db.session.commit()
    assert "Antar ke Polres" not in as_paralegal.get("/agenda").data.decode()


def test_supervisor_view_shows_overdue_of_her_organisations(app, as_supervisor, centre):
    """The supervisor sees the centre's overdue action and due follow-up."""
    seed_overdue(app, centre.case, centre.paralegal)
    page = as_supervisor.get("/supervision").data.decode()
    assert centre.case.reference in page and "Antar ke Polres" in page


def test_query_functions_scope_and_closed_cases(app, centre, make_user, make_case):
    """The selects follow the user's scope and leave out closed cases."""
    seed_overdue(app, centre.case, centre.paralegal)
    stranger = make_user("paralegal")
    with app.test_request_context():
        users = {name: db.session.get(User, getattr(centre, name).id)
                 for name in ("paralegal", "colleague", "supervisor")}
        assert len(db.session.scalars(overdue_actions(users["paralegal"])).all()) == 1
        assert len(db.session.scalars(due_followups(users["supervisor"])).all()) == 1
        assert db.session.scalars(overdue_actions(users["colleague"])).all() == []
        assert db.session.scalars(
            due_followups(db.session.get(User, stranger.id))).all() == []
        not_yet = local_today() - timedelta(days=5)
        assert db.session.scalars(overdue_actions(users["paralegal"], on=not_yet)).all() == []
        db.session.get(Case, centre.case.id).status = "closed"
        db.session.flush()
        assert db.session.scalars(overdue_actions(users["paralegal"])).all() == []
        assert db.session.scalars(due_followups(users["supervisor"])).all() == []


def test_paralegal_may_not_open_supervision(as_paralegal):
    """The supervisor's overview is not for paralegals."""
    assert as_paralegal.get("/supervision").status_code == 404
