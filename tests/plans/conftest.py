"""Fixtures of the plans tests: a centre with a paralegal, her supervisor and a case."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.i18n import local_today

TODAY = local_today()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()
NEXT_WEEK = (TODAY + timedelta(days=7)).isoformat()
MARKUP = "<script>alert(1)</script>"


@pytest.fixture
def centre(make_org, make_user, make_case):
    """An NGO with a centre below it: a paralegal with a case, a colleague, a supervisor."""
    ngo = make_org("ngo")
    org = make_org("community_centre", parent=ngo)
    paralegal = make_user("paralegal", org)
    return SimpleNamespace(
        org=org, ngo=ngo, paralegal=paralegal,
        colleague=make_user("paralegal", org),
        supervisor=make_user("supervisor", ngo),
        case=make_case(paralegal),
    )


@pytest.fixture
def as_paralegal(client, login, centre):
    """A client logged in as the case's paralegal."""
    return login(client, centre.paralegal)


def audit_actions(app, object_type: str) -> list[str]:
    """The audited actions on one kind of object, oldest first."""
    with app.app_context():
        return list(db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_type == object_type)
            .order_by(AuditEntry.seq)
        ))


def grant_reason(app, supervisor, case) -> None:
    """Give the supervisor a stated reason to open a case she is not assigned to (break-glass)."""
    try:
        from casework.cases.break_glass import open_grant
    except ModuleNotFoundError:
        return  # no break-glass yet: supervisors open their organisations' cases directly
    from casework.accounts.models import User
    from casework.cases.models import Case

    with app.test_request_context():
        open_grant(db.session.get(User, supervisor.id), db.session.get(Case, case.id),
                   "Memeriksa permintaan penutupan kasus.")
        db.session.commit()


@pytest.fixture
def as_supervisor(app, client, login, centre):
    """A client logged in as the centre's supervisor, with a reason given to open the case."""
    grant_reason(app, centre.supervisor, centre.case)
    return login(client, centre.supervisor)
