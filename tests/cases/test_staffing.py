"""A case shows as having no paralegal exactly while no active paralegal is assigned to it:
the supervisor's lists read a flag that every change of assignment or account keeps true."""

from __future__ import annotations

from sqlalchemy import select

from casework.accounts.models import User
from casework.accounts.operations import set_active
from casework.cases.models import Case, CaseAssignment
from casework.extensions import db


def _staffed(app, case) -> bool:
    """The case's flag as stored."""
    with app.app_context():
        return db.session.get(Case, case.id).staffed


def _set_active(app, user, active: bool) -> None:
    """Deactivate or reactivate an account, as the admin screen does."""
    with app.test_request_context("/"):
        set_active(db.session.get(User, user.id), active)
        db.session.commit()


def test_a_registered_case_is_staffed(app, centre):
    """The paralegal who registers a case is its first assignee."""
    assert _staffed(app, centre.case)


def test_deactivated_paralegal_leaves_her_cases_unstaffed(app, as_supervisor, centre):
    """Her account disabled, her case is on the supervisor's list; enabled again, it is not."""
    _set_active(app, centre.paralegal, False)
    assert not _staffed(app, centre.case)
    assert centre.case.reference in as_supervisor.get("/supervision").data.decode()
    _set_active(app, centre.paralegal, True)
    assert _staffed(app, centre.case)
    assert centre.case.reference not in as_supervisor.get("/supervision").data.decode()


def test_a_supervisor_alone_does_not_staff_a_case(app, centre):
    """Only a paralegal counts: a supervisor assigned alongside is no caseworker."""
    with app.app_context():
        assignment = db.session.scalars(select(CaseAssignment)).one()
        db.session.add(CaseAssignment(case_id=centre.case.id, user_id=centre.supervisor.id))
        db.session.flush()
        assert db.session.get(Case, centre.case.id).staffed
        db.session.delete(assignment)
        db.session.commit()
    assert not _staffed(app, centre.case)
