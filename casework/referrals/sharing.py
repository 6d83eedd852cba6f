"""What a unit is shown of a case: only the field groups the survivor agreed to share.

Pages and the letter receive the result of shared_fields(), never the case itself, so a
template cannot show a field outside the consented groups by mistake.
Other domains may add what a group holds (e.g. the attachments domain for "documents"):
    add_group_source("documents", lambda case: [(label, value), (label, value, url), ...])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from casework.cases import categories as cat
from casework.cases.models import Case
from casework.perpetrators.records import perpetrators_of
from casework.perpetrators.summary import perpetrator_pairs
from casework.referrals.models import SHARED_GROUPS, Referral

Pairs = list[tuple[str, ...]]  # (label, value) or (label, value, link)
_GROUP_SOURCES: dict[str, list[Callable[[Case], Pairs]]] = {}


def add_group_source(group: str, source: Callable[[Case], Pairs]) -> None:
    """Let another domain add (label, value) pairs to a shared group."""
    if group not in SHARED_GROUPS:
        raise ValueError(f"unknown shared group: {group}")
    sources = _GROUP_SOURCES.setdefault(group, [])
    if source not in sources:
        sources.append(source)


def _present(pairs: list[tuple[str, Any]]) -> Pairs:
    """Drop empty values so the page lists only what is known."""
    return [(label, str(value)) for label, value in pairs if value not in (None, "", [])]


def _identity(case: Case) -> Pairs:
    """Name, alias and the demographic categories."""
    s = case.survivor
    born = format_date(s.date_of_birth, "medium") if s.date_of_birth else None
    return _present([
        (_("Name"), s.name), (_("Called by / alias"), s.alias),
        (_("Sex"), cat.label(cat.SEXES, s.sex)), (_("Age at report"), cat.label(cat.AGE_BANDS, s.age_band)),
        (_("Date of birth"), born),
        (_("Education"), cat.label(cat.EDUCATION, s.education)),
        (_("Occupation"), cat.label(cat.OCCUPATIONS, s.occupation)),
        (_("Marital status"), cat.label(cat.MARITAL_STATUSES, s.marital_status)),
        (_("District code"), s.district_code),
        (_("Village (desa/kelurahan)"), s.village_code and f"{s.village_name} ({s.village_code})"),
    ])


def _contact(case: Case) -> Pairs:
    """Phone and address."""
    return _present([(_("Phone"), case.survivor.phone), (_("Address"), case.survivor.address)])


def _safe_contact(case: Case) -> Pairs:
    """How to reach her safely."""
    s = case.survivor
    return _present([
        (_("Safe phone number"), s.safe_phone), (_("Safe times to call"), s.safe_time),
        (_("May a message be left?"),
         cat.label(cat.MESSAGE_PERMISSION, s.may_leave_message or "unknown")),
        (_("Code word"), s.code_word),
    ])


def _incident(case: Case) -> Pairs:
    """What happened, for each incident recorded."""
    pairs: list[tuple[str, Any]] = []
    by_incident: dict[Any, list] = {}
    for perpetrator in perpetrators_of(case):
        by_incident.setdefault(perpetrator.incident_id, []).append(perpetrator)
    for inc in case.incidents:
        pairs += [
            (_("Date of incident"), format_date(inc.incident_date, "medium") if inc.incident_date else None),
            (_("Forms of violence"), ", ".join(cat.label(cat.VIOLENCE_FORMS, c) for c in inc.forms)),
            (_("GBVIMS type"), cat.label(cat.GBV_TYPES, inc.gbv_type)),
            (_("UU TPKS crimes"), ", ".join(cat.label(cat.TPKS_CRIMES, c) for c in inc.tpks_crimes)),
            (_("Place of incident"), cat.label(cat.PLACES, inc.place)),
        ]
        pairs += perpetrator_pairs(by_incident.get(inc.id, []))
        pairs.append((_("What happened"), inc.narrative))
    return _present(pairs)


def _nik(case: Case) -> Pairs:
    """The whole NIK: the unit (normally Dukcapil) needs it to find her record."""
    return _present([(_("NIK"), case.survivor.nik)])


def _notes(case: Case) -> Pairs:
    """The case notes, oldest first, dated."""
    return [(format_datetime(n.created_at, "short"), n.body or "") for n in reversed(case.notes)]


_BUILT_IN = {
    "identity": _identity, "contact": _contact, "safe_contact": _safe_contact,
    "incident": _incident, "nik": _nik, "notes": _notes,
}


def shared_fields(referral: Referral) -> list[dict[str, Any]]:
    """The consented groups of the referred case: [{group, title, pairs}] in form order."""
    shown = []
    for group in referral.shared_groups:
        builder = _BUILT_IN.get(group)
        pairs = builder(referral.case) if builder else []
        for source in _GROUP_SOURCES.get(group, []):
            pairs += source(referral.case)
        shown.append({"group": group, "title": str(SHARED_GROUPS[group]), "pairs": pairs})
    return shown
