"""Marking a case as a duplicate of another links them; by its paralegal or a supervisor."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.cases.models import Case
from casework.extensions import db


def _case(app, handle) -> Case:
    with app.app_context():
        case = db.session.get(Case, handle.id)
        db.session.expunge(case)
        return case


def _mark(client, case, original_ref, version=1):
    return client.post(f"/cases/{case.reference}/duplicate",
                       data={"original": original_ref, "version": str(version)},
                       follow_redirects=True)


def test_paralegal_marks_her_case(app, client, login, centres, make_case):
    """Status 'duplicate', linked to the original, audited, and no more edits."""
    original = make_case(centres["paralegal"])
    copy = make_case(centres["paralegal"])
    login(client, centres["paralegal"])
    page = _mark(client, copy, original.reference.lower())
    assert b"Case marked as a duplicate." in page.data
    assert f'href="/cases/{original.reference}"'.encode() in page.data
    marked = _case(app, copy)
    assert marked.status == "duplicate" and marked.duplicate_of_id == original.id
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "mark_duplicate")).one()
        assert entry.case_ref == copy.reference
    assert client.get(f"/cases/{copy.reference}/edit").status_code in (302, 200)
    assert b"Mark as duplicate" not in client.get(f"/cases/{copy.reference}").data


def test_supervisor_links_cases_of_two_centres(app, client, login, centres, make_case,
                                               break_glass):
    """A supervisor may link a case to one held by another of her centres."""
    original = make_case(centres["stranger"])
    copy = make_case(centres["paralegal"])
    break_glass(centres["supervisor"], copy)
    login(client, centres["supervisor"])
    _mark(client, copy, original.reference)
    assert _case(app, copy).duplicate_of_id == original.id


def test_original_the_user_cannot_see_is_refused(app, client, login, centres, make_case):
    """A paralegal cannot link to (or probe) another centre's case."""
    original = make_case(centres["stranger"])
    copy = make_case(centres["paralegal"])
    login(client, centres["paralegal"])
    page = _mark(client, copy, original.reference)
    assert b"No other case with that reference that you may see." in page.data
    assert _case(app, copy).status == "open"
    page = _mark(client, copy, copy.reference)
    assert _case(app, copy).status == "open"


def test_unassigned_paralegal_gets_404(app, client, login, centres, make_case):
    """Only the case's paralegal (or a supervisor) may mark it."""
    original = make_case(centres["paralegal"])
    copy = make_case(centres["paralegal"])
    login(client, centres["colleague"])
    response = client.post(f"/cases/{copy.reference}/duplicate",
                           data={"original": original.reference, "version": "1"})
    assert response.status_code == 404
    assert _case(app, copy).status == "open"


def test_stale_version_is_refused(app, client, login, centres, make_case):
    """A form opened before someone else saved the case does not overwrite it."""
    original = make_case(centres["paralegal"])
    copy = make_case(centres["paralegal"])
    login(client, centres["paralegal"])
    page = _mark(client, copy, original.reference, version=0)
    assert b"Someone else saved this case" in page.data
    assert _case(app, copy).status == "open"
