"""Assignment: a supervisor assigns or reassigns to paralegals of her organisations; both the
previous and the new paralegal see it; a case with no paralegal shows on her view."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.cases.models import CaseAssignment
from casework.extensions import db
from tests.plans.conftest import grant_reason


def reassign(client, case, paralegal, replace=True):
    """Post the assignment form."""
    data = {"paralegal": str(paralegal.id)}
    if replace:
        data["replace"] = "y"
    return client.post(f"/cases/{case.reference}/assign", data=data)


def test_reassign_both_paralegals_see_it(app, client, login, as_supervisor, centre):
    """The colleague gets the case, the author loses it; both home lists say so."""
    assert reassign(as_supervisor, centre.case, centre.colleague).status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(CaseAssignment)).all()
        ended = [r for r in rows if r.ended_at is not None]
        assert len(ended) == 1 and ended[0].ended_by_id == centre.supervisor.id
        new = next(r for r in rows if r.user_id == centre.colleague.id)
        assert new.assigned_by_id == centre.supervisor.id
        assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "assign")).one()
    login(client, centre.colleague)
    home = client.get("/cases/").data.decode()
    assert "ditugaskan kepada Anda" in home and centre.case.reference in home
    assert client.get(f"/cases/{centre.case.reference}").status_code == 200
    login(client, centre.paralegal)
    home = client.get("/cases/").data.decode()
    assert "tidak lagi ditugaskan kepada Anda" in home and centre.case.reference in home
    assert client.get(f"/cases/{centre.case.reference}").status_code == 404


def test_add_second_paralegal_without_replacing(app, as_supervisor, centre):
    """Without 'replace' both paralegals stay assigned."""
    reassign(as_supervisor, centre.case, centre.colleague, replace=False)
    with app.app_context():
        active = db.session.scalars(
            select(CaseAssignment).where(CaseAssignment.ended_at.is_(None))).all()
        assert {a.user_id for a in active} == {centre.paralegal.id, centre.colleague.id}


def test_unassigned_case_on_supervisor_view(app, as_supervisor, centre):
    """Ending the only paralegal's assignment puts the case on the supervisor's view."""
    assert centre.case.reference not in as_supervisor.get("/supervision").data.decode()
    with app.app_context():
        assignment = db.session.scalars(select(CaseAssignment)).one()
        assignment_id = assignment.id
    url = f"/cases/{centre.case.reference}/assign/{assignment_id}/end"
    assert as_supervisor.post(url).status_code == 302
    view = as_supervisor.get("/supervision").data.decode()
    assert centre.case.reference in view and "Kasus tanpa paralegal" in view


def test_paralegal_of_another_organisation_refused(app, as_supervisor, centre, make_user,
                                                   make_org):
    """Someone outside the case's organisation cannot be chosen; nothing changes."""
    outsider = make_user("paralegal", make_org())
    response = reassign(as_supervisor, centre.case, outsider)
    assert response.status_code == 422
    with app.app_context():
        assert len(db.session.scalars(select(CaseAssignment)).all()) == 1


def test_paralegal_cannot_assign(client, login, centre):
    """Assigning is the supervisor's work."""
    login(client, centre.paralegal)
    assert client.get(f"/cases/{centre.case.reference}/assign").status_code == 404
    assert reassign(client, centre.case, centre.colleague).status_code == 403


def test_supervisor_of_another_organisation_gets_404(app, client, login, centre, make_user,
                                                     make_org):
    """A supervisor elsewhere cannot assign this case."""
    other = make_user("supervisor", make_org("ngo"))
    grant_reason(app, other, centre.case)
    login(client, other)
    assert reassign(client, centre.case, centre.colleague).status_code == 404


def test_assignment_on_the_case_page(as_supervisor, centre):
    """The case page lists who is assigned and offers the supervisor to reassign."""
    page = as_supervisor.get(f"/cases/{centre.case.reference}").data.decode()
    assert 'id="assignment"' in page and centre.paralegal.username in page
    assert f"/cases/{centre.case.reference}/assign" in page
