"""Fixtures for the reports domain: an NGO with two centres, their staff, and case factories."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from casework.accounts.models import User
from casework.cases.models import Case, Consent, ServiceRecord
from casework.extensions import db
from casework.i18n import local_today


@pytest.fixture
def network(make_org, make_user):
    """An NGO with two community centres, a paralegal at each, and supervisors."""
    ngo = make_org("ngo", code="ngo-sapa", region="3204")
    north = make_org("community_centre", parent=ngo, code="bale-utara", region="320405")
    south = make_org("community_centre", parent=ngo, code="bale-selatan", region="320406")
    other_ngo = make_org("ngo", code="ngo-lain", region="3273")
    return {
        "ngo": ngo, "north": north, "south": south, "other_ngo": other_ngo,
        "ngo_supervisor": make_user("supervisor", ngo),
        "north_supervisor": make_user("supervisor", north),
        "other_supervisor": make_user("supervisor", other_ngo),
        "north_paralegal": make_user("paralegal", north),
        "south_paralegal": make_user("paralegal", south),
    }


@pytest.fixture
def add_cases(app, make_case) -> Callable[..., list]:
    """Factory: n cases by a paralegal with the given categories, optionally dated."""

    def add(author: User, n: int = 1, created: datetime | None = None, **overrides: Any) -> list:
        cases = [make_case(author, **overrides) for _ in range(n)]
        if created is not None:
            with app.app_context():
                for handle in cases:
                    db.session.get(Case, handle.id).created_at = created
                db.session.commit()
        return cases

    return add


@pytest.fixture
def add_service(app) -> Callable[..., None]:
    """Factory: a service given to a case by its own organisation."""

    def add(case, service_type: str, outcome: str = "provided", on: date | None = None) -> None:
        with app.app_context():
            record = db.session.get(Case, case.id)
            db.session.add(ServiceRecord(
                case_id=record.id, provider_org_id=record.organisation_id,
                service_type=service_type, outcome=outcome, delivered_on=on or local_today()))
            db.session.commit()

    return add


@pytest.fixture
def withdraw_statistics_consent(app) -> Callable[..., None]:
    """Withdraw a case's consent to be counted in statistics."""

    def withdraw(case) -> None:
        with app.app_context():
            consent = db.session.scalars(select(Consent).where(
                Consent.case_id == case.id, Consent.purpose == "statistics")).one()
            consent.withdrawn_at = datetime.now(UTC)
            db.session.commit()

    return withdraw


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download (its BOM removed)."""
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def this_year() -> dict[str, str]:
    """Query arguments for the whole of this year so far."""
    today = local_today()
    return {"start": date(today.year, 1, 1).isoformat(), "end": today.isoformat()}


@pytest.fixture
def add_referral(app) -> Callable[..., None]:
    """Factory: a referral of a case to a unit, at given times, written straight to the tables."""

    def add(case, unit, status: str = "sent", sent_at: datetime | None = None,
            accepted_at: datetime | None = None, ended_at: datetime | None = None) -> None:
        from casework.referrals.models import Referral

        with app.app_context():
            record = db.session.get(Case, case.id)
            consent = Consent(case_id=record.id, purpose="referral", granted=True, scope="identity")
            db.session.add(consent)
            db.session.flush()
            sent_at = sent_at or datetime.now(UTC)
            db.session.add(Referral(
                reference=f"R{uuid.uuid4().hex[:8].upper()}", case_id=record.id,
                from_org_id=record.organisation_id, to_org_id=unit.id, consent_id=consent.id,
                status=status, sent_at=sent_at, accepted_at=accepted_at, ended_at=ended_at,
                status_changed_at=ended_at or accepted_at or sent_at))
            db.session.commit()

    return add
