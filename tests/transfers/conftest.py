"""Fixtures of the transfer tests: a sending centre with a case full of canaries, a receiving
centre and a receiving UPTD PPA (each with case workers and a supervisor), and a Dukcapil."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.transfers.models import CaseTransfer

CANARIES = {"name": "Kenanga Transferia", "nik": "3204054507900077",
            "phone": "+6281377700077", "address": "Gang Kanari 77 Desa Awas",
            "narrative": "Narasi-kanari-pindah", "code_word": "sandikanari"}


@pytest.fixture
def world(make_org, make_user, make_case) -> SimpleNamespace:
    """Sender (an NGO's centre), two receivers, a Dukcapil, their staff, and the case."""
    ngo = make_org("ngo", region="3204")
    centre = make_org("community_centre", parent=ngo, region="320405")
    other_ngo = make_org("ngo", region="3273")
    receiver = make_org("community_centre", parent=other_ngo, region="327301")
    uptd = make_org("uptd_ppa", region="3204")
    dukcapil = make_org("dukcapil", region="3204")
    paralegal = make_user("paralegal", centre)
    case = make_case(paralegal, **CANARIES)
    return SimpleNamespace(
        ngo=ngo, centre=centre, other_ngo=other_ngo, receiver=receiver, uptd=uptd,
        dukcapil=dukcapil, paralegal=paralegal, colleague=make_user("paralegal", centre),
        supervisor=make_user("supervisor", ngo),
        receiver_paralegal=make_user("paralegal", receiver),
        receiver_paralegal2=make_user("paralegal", receiver),
        receiver_supervisor=make_user("supervisor", other_ngo),
        uptd_staff=make_user("service_staff", uptd), uptd_supervisor=make_user("supervisor", uptd),
        case=case,
    )


@pytest.fixture
def as_user(app: Flask, login) -> Callable[[Any], FlaskClient]:
    """A fresh client logged in as the given user."""

    def make(user) -> FlaskClient:
        return login(app.test_client(), user)

    return make


def proposal_form(to_org, **overrides: Any) -> dict[str, Any]:
    """A valid transfer proposal to an organisation."""
    data = {"receiver": str(to_org.id), "reason": "moved_away", "urgency": "urgent",
            "note": "Pindah ke rumah kakaknya.", "consent_given": "y",
            "consent_given_by": "survivor"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def propose(app: Flask, as_user, world) -> Callable[..., Any]:
    """Propose through the page as the case's paralegal; return the response."""

    def send(to_org=None, **overrides: Any):
        client = as_user(world.paralegal)
        return client.post(f"/cases/{world.case.reference}/transfer",
                           data=proposal_form(to_org or world.receiver, **overrides),
                           follow_redirects=True)

    return send


def transfers_of(app: Flask, case) -> list[SimpleNamespace]:
    """Plain copies of the case's transfers, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(CaseTransfer).where(CaseTransfer.case_id == case.id)
                                  .order_by(CaseTransfer.proposed_at)).all()
        return [SimpleNamespace(id=t.id, status=t.status, to_org_id=t.to_org_id,
                                assigned_to_id=t.assigned_to_id, decided_by_id=t.decided_by_id)
                for t in rows]


@pytest.fixture
def proposed(propose, app, world) -> uuid.UUID:
    """A transfer of the case to the receiving centre, proposed and waiting."""
    assert propose().status_code == 200
    return transfers_of(app, world.case)[-1].id


def denials(app: Flask, user) -> int:
    """How many denied entries the access log holds for this person."""
    with app.app_context():
        return len(db.session.scalars(select(AuditEntry.seq).where(
            AuditEntry.action == "denied", AuditEntry.actor_id == user.id)).all())
