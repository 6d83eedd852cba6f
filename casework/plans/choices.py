"""Who can be made responsible for an action: colleagues, the case's referrals, service units."""

from __future__ import annotations

import uuid
from importlib import import_module

from sqlalchemy import select

from casework.accounts.models import SERVICE_UNIT_KINDS, Organisation, User
from casework.accounts.roles import CASEWORKER_ROLES
from casework.cases.models import Case
from casework.extensions import db

# A province holds a few hundred units at most; more would not fit a phone's select anyway.
MAX_UNITS = 300


def colleagues(case: Case) -> list[User]:
    """Active case workers and supervisors of the case's organisation."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == case.organisation_id,
                           User.role.in_((*CASEWORKER_ROLES, "supervisor")),
                           User.active.is_(True))
        .order_by(User.username)
    ))


def case_referrals(case: Case) -> list[tuple[uuid.UUID, str]]:
    """The case's referrals as (id, "reference · unit"), newest first; none before referrals exist."""
    try:
        models = import_module("casework.referrals.models")
    except ModuleNotFoundError as exc:
        if exc.name != "casework.referrals.models":
            raise
        return []
    referral = models.Referral
    rows = db.session.scalars(
        select(referral).where(referral.case_id == case.id).order_by(referral.sent_at.desc())
    )
    return [(r.id, f"{r.reference} · {r.to_org.name}") for r in rows]


def service_units(case: Case) -> list[Organisation]:
    """Active service units, those of the case's province first."""
    province = (case.organisation.region_code or "")[:2]
    query = select(Organisation).where(Organisation.kind.in_(SERVICE_UNIT_KINDS),
                                       Organisation.active.is_(True))
    if province:
        query = query.where(Organisation.region_code.startswith(province))
    return list(db.session.scalars(query.order_by(Organisation.name).limit(MAX_UNITS)))


def referral_label(case: Case, referral_id: uuid.UUID | None) -> str:
    """The label of one of the case's referrals ('' if unknown)."""
    return next((text for rid, text in case_referrals(case) if rid == referral_id), "")
