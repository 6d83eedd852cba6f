"""Fixtures of the perpetrators tests: a centre with a paralegal and her case."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.perpetrators.models import Perpetrator

SEXUAL = {"forms": ["sexual"], "gbv_type": "sexual_assault", "tpks_crimes": ["physical_harassment"]}


@pytest.fixture
def centre(make_org, make_user, make_case):
    """A centre with a paralegal and her case (one adult perpetrator, the husband)."""
    org = make_org("community_centre")
    paralegal = make_user("paralegal", org)
    return SimpleNamespace(org=org, paralegal=paralegal, case=make_case(paralegal))


@pytest.fixture
def as_paralegal(client, login, centre):
    """A client logged in as the case's paralegal."""
    return login(client, centre.paralegal)


def perpetrators(app, case_id) -> list[Perpetrator]:
    """The case's perpetrators, first recorded first, detached with name and details read."""
    with app.app_context():
        rows = list(db.session.scalars(select(Perpetrator).where(Perpetrator.case_id == case_id)
                                       .order_by(Perpetrator.created_at, Perpetrator.id)))
        for row in rows:
            _opened = (row.name, row.details)  # read here: each field keeps the value it opened
        db.session.expunge_all()
        return rows


def audit_actions(app, object_type: str) -> list[str]:
    """The actions the access log holds for one object type, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_type == object_type).order_by(AuditEntry.seq)))
