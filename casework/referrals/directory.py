"""The service directory: which units receive referrals, where, and what they offer."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, case, delete, select

from casework.accounts.models import SERVICE_UNIT_KINDS, Organisation
from casework.cases.categories import SERVICES
from casework.extensions import db
from casework.referrals.errors import NotAServiceUnit
from casework.referrals.models import UnitService

# What a unit of each kind offers until its own list is set (DOMAIN.md, "The places").
DEFAULT_SERVICES = {
    "uptd_ppa": ("complaint", "psychological", "shelter", "mediation", "legal_aid"),
    "dinas_sosial": (
        "social_rehabilitation", "social_reintegration", "return_home", "shelter",
    ),
    "dukcapil": ("civil_documents",),
    "health": ("health", "psychological"),
    "police": ("complaint", "law_enforcement"),
    "legal_aid": ("legal_aid",),
}


def offered_services(unit: Organisation) -> list[str]:
    """The service codes a unit offers: its directory entries, else its kind's defaults."""
    listed = set(db.session.scalars(
        select(UnitService.service_type).where(UnitService.organisation_id == unit.id)
    ))
    codes = listed or set(DEFAULT_SERVICES.get(unit.kind, ()))
    return [code for code in SERVICES if code in codes]


def set_offered_services(unit: Organisation, codes: list[str]) -> None:
    """Replace the unit's directory entries with these service codes."""
    if not unit.is_service_unit:
        raise NotAServiceUnit()
    unknown = set(codes) - set(SERVICES)
    if unknown:
        raise ValueError(f"unknown services: {sorted(unknown)}")
    db.session.execute(delete(UnitService).where(UnitService.organisation_id == unit.id))
    for code in dict.fromkeys(codes):
        db.session.add(UnitService(organisation_id=unit.id, service_type=code))
    db.session.flush()


def find_unit(raw_id: str | uuid.UUID | None) -> Organisation:
    """The active service unit with this id, or NotAServiceUnit (forged or wrong ids too)."""
    try:
        unit_id = raw_id if isinstance(raw_id, uuid.UUID) else uuid.UUID(str(raw_id))
    except ValueError:
        raise NotAServiceUnit() from None
    unit = db.session.get(Organisation, unit_id)
    if unit is None or not unit.is_service_unit or not unit.active:
        raise NotAServiceUnit()
    return unit


def _shared_prefix(a: str, b: str) -> int:
    """How many leading region digits two codes share (more means nearer)."""
    shared = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        shared += 1
    return shared


def units_for(home: Organisation, everywhere: bool = False) -> list[Organisation]:
    """Active service units, nearest region first: her regency, then her province (or all);
    never her own (a UPTD PPA refers its own cases onward, not to itself)."""
    query = select(Organisation).where(
        Organisation.kind.in_(SERVICE_UNIT_KINDS), Organisation.active.is_(True),
        Organisation.id != home.id,
    )
    province = (home.region_code or "")[:2]
    if province and not everywhere:
        query = query.where(Organisation.region_code.startswith(province, autoescape=True))
    units = list(db.session.scalars(query))
    region = home.region_code or ""
    return sorted(units, key=lambda u: (-_shared_prefix(region, u.region_code or ""),
                                        SERVICE_UNIT_KINDS.index(u.kind), u.name))


def is_near(home: Organisation, unit: Organisation) -> bool:
    """Whether the unit serves the same regency as the organisation (4-digit code)."""
    return _shared_prefix(home.region_code or "", unit.region_code or "") >= 4


def offered_map(units: list[Organisation]) -> dict[uuid.UUID, list[str]]:
    """The services of many units in one query (for the directory and the referral form)."""
    listed: dict[uuid.UUID, set[str]] = {}
    rows = db.session.execute(
        select(UnitService.organisation_id, UnitService.service_type)
        .where(UnitService.organisation_id.in_([u.id for u in units]))
    )
    for org_id, code in rows:
        listed.setdefault(org_id, set()).add(code)
    found = {}
    for unit in units:
        codes = listed.get(unit.id) or set(DEFAULT_SERVICES.get(unit.kind, ()))
        found[unit.id] = [code for code in SERVICES if code in codes]
    return found


def directory_query(home: Organisation | None, everywhere: bool) -> Select:
    """Active service units for the directory page, her regency first, then by region."""
    query = select(Organisation).where(
        Organisation.kind.in_(SERVICE_UNIT_KINDS), Organisation.active.is_(True)
    )
    region = (home.region_code or "") if home else ""
    if region[:2] and not everywhere:
        query = query.where(Organisation.region_code.startswith(region[:2], autoescape=True))
    nearest = case((Organisation.region_code.startswith(region[:4] or "-", autoescape=True), 0),
                   else_=1)
    return query.order_by(nearest, Organisation.region_code, Organisation.kind,
                          Organisation.name, Organisation.id)
