"""Fixtures of the plans tests: a centre with a paralegal, her supervisor and a case."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db

TODAY = date.today()
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
