"""Fixtures of the referral tests: a centre, its paralegal, three units with staff, a case."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.referrals.models import Referral


@pytest.fixture
def world(make_org, make_user, make_case) -> SimpleNamespace:
    """A community centre under an NGO, three units of its regency, one staff each, a case."""
    ngo = make_org("ngo", region="3204")
    centre = make_org("community_centre", parent=ngo, region="320405")
    uptd = make_org("uptd_ppa", region="3204")
    dukcapil = make_org("dukcapil", region="3204")
    dinsos = make_org("dinas_sosial", region="3204")
    paralegal = make_user("paralegal", centre)
    case = make_case(paralegal, name="Siti Aminah", address="Jl. Mawar 7 Sukamaju",
                     safe_phone="+6281298765432", code_word="melati", nik="3204054507900001",
                     narrative="Kejadian di rumah.", phone="+6281234567890")
    return SimpleNamespace(
        ngo=ngo, centre=centre, uptd=uptd, dukcapil=dukcapil, dinsos=dinsos,
        paralegal=paralegal, supervisor=make_user("supervisor", ngo),
        uptd_staff=make_user("service_staff", uptd), uptd_staff2=make_user("service_staff", uptd),
        dukcapil_staff=make_user("service_staff", dukcapil),
        dinsos_staff=make_user("service_staff", dinsos), admin=make_user("admin", ngo),
        case=case,
    )


def referral_form(unit, **overrides: Any) -> dict[str, Any]:
    """A valid new-referral form for a unit."""
    data = {
        "unit": str(unit.id), "services": ["psychological"], "urgency": "routine",
        "reason": "Butuh konseling psikologis.", "consent_given": "y",
        "consent_given_by": "survivor", "groups": ["identity", "safe_contact"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def as_user(app: Flask, login) -> Callable[[Any], FlaskClient]:
    """A fresh client logged in as the given user."""

    def make(user) -> FlaskClient:
        return login(app.test_client(), user)

    return make


@pytest.fixture
def refer(app: Flask, as_user, world) -> Callable[..., uuid.UUID]:
    """Send a referral through the page as the paralegal; return its id."""

    def send(unit=None, **overrides: Any) -> uuid.UUID:
        client = as_user(world.paralegal)
        unit = unit or world.uptd
        response = client.post(f"/cases/{world.case.reference}/referrals/new",
                               data=referral_form(unit, **overrides))
        assert response.status_code == 302, response.get_data(as_text=True)
        with app.app_context():
            return db.session.scalar(
                select(Referral.id).where(Referral.to_org_id == unit.id)
                .order_by(Referral.sent_at.desc()).limit(1)
            )

    return send


def get_referral(app: Flask, referral_id: uuid.UUID) -> SimpleNamespace:
    """A plain copy of a referral's state, read in its own context."""
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        return SimpleNamespace(
            status=referral.status, reference=referral.reference,
            transitions=[(t.from_status, t.to_status) for t in referral.transitions],
            consent_active=referral.consent_active, scope=referral.consent.scope,
            services=referral.service_types,
        )
