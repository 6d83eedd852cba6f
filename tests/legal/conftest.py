"""Fixtures of the legal tests: a centre with a paralegal and a case, and a step factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.cases.models import Case
from casework.extensions import db
from casework.i18n import local_today
from casework.legal import operations as ops

TODAY = local_today()


def days(n: int) -> date:
    """The date n days from today (negative: ago)."""
    return TODAY + timedelta(days=n)


@pytest.fixture
def centre(make_org, make_user, make_case):
    """An NGO with a centre below it: a paralegal with a case, and a legal aid unit nearby."""
    ngo = make_org("ngo")
    org = make_org("community_centre", parent=ngo)
    paralegal = make_user("paralegal", org)
    return SimpleNamespace(org=org, ngo=ngo, paralegal=paralegal, case=make_case(paralegal),
                           lbh=make_org("legal_aid"))


@pytest.fixture
def as_paralegal(client, login, centre):
    """A client logged in as the case's paralegal."""
    return login(client, centre.paralegal)


@pytest.fixture
def add_step(app) -> Callable[..., Any]:
    """Factory: a legal step recorded on a case straight through the operations."""

    def add(case, author: User, kind: str, step_on: date, **data: Any):
        with app.test_request_context("/"):
            record = db.session.get(Case, case.id)
            user = db.session.get(User, author.id)
            step = ops.add_step(record, kind, {"step_on": step_on, **data}, user)
            db.session.commit()
            return step.id

    return add


def audit_actions(app, object_type: str) -> list[str]:
    """The audited actions on one kind of object, oldest first."""
    with app.app_context():
        return list(db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.object_type == object_type)
            .order_by(AuditEntry.seq)))
