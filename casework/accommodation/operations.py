"""Saving her disability types and accommodation; flushes, never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from casework.accommodation import categories as acc
from casework.accommodation.errors import UnknownNeed
from casework.accommodation.models import SurvivorNeed
from casework.cases.models import Case
from casework.extensions import db

# Survivor.disability keeps its older list for statistics and exports (none, physical,
# sensory, intellectual, mental, multiple): a sensory type is counted as "sensory".
LEGACY_BY_LEGACY_TYPE = {"physical": "physical", "intellectual": "intellectual",
                         "mental": "mental", "none": "none"}


def needs_of(case: Case) -> list[SurvivorNeed]:
    """Her ticked disability types and accommodations."""
    return list(db.session.scalars(select(SurvivorNeed).where(SurvivorNeed.case_id == case.id)
                                   .order_by(SurvivorNeed.kind, SurvivorNeed.code)))


def disability_summary(types: list[str]) -> str | None:
    """The one value Survivor.disability holds: "none", the one type (a sensory one as
    "sensory"), or "multiple" when more than one is ticked (UU 8/2016: disabilitas ganda)."""
    if not types:
        return None
    if types == ["none"]:
        return "none"
    if len(types) > 1:
        return "multiple"
    return "sensory" if types[0] in acc.SENSORY_TYPES else types[0]


def save_needs(case: Case, data: dict[str, Any]) -> None:
    """Replace her disability types and accommodations with those in the form data (callers
    that send neither, such as older scripts, leave them as they are)."""
    if "disability_types" not in data and "accommodations" not in data:
        return
    types = [c for c in acc.DISABILITY_ANSWERS if c in (data.get("disability_types") or [])]
    wanted = list(data.get("accommodations") or [])
    other = (data.get("accommodation_other") or "").strip()
    if other and "other" not in wanted:
        wanted.append("other")
    if set(data.get("disability_types") or []) - set(acc.DISABILITY_ANSWERS) \
            or set(wanted) - set(acc.ACCOMMODATIONS):
        raise UnknownNeed()
    had_types = db.session.scalar(select(SurvivorNeed.id).where(
        SurvivorNeed.case_id == case.id, SurvivorNeed.kind == "disability").limit(1))
    db.session.execute(delete(SurvivorNeed).where(SurvivorNeed.case_id == case.id))
    for code in types:
        if code != "none":
            db.session.add(SurvivorNeed(case_id=case.id, kind="disability", code=code))
    for code in (c for c in acc.ACCOMMODATIONS if c in wanted):
        need = SurvivorNeed(case_id=case.id, kind="accommodation", code=code)
        need.detail = other if code == "other" else None
        db.session.add(need)
    # Nothing ticked on a case recorded before the types were asked keeps its older value
    # (say "sensory", which no single type can stand for); otherwise the column follows.
    if types or had_types:
        case.survivor.disability = disability_summary(types)


def copy_needs(source: Case, case: Case) -> None:
    """Her disability types and accommodations into a unit's own case taken in from a
    referral that shared them (the "other" text encrypted anew for its new row)."""
    for need in needs_of(source):
        copy = SurvivorNeed(case_id=case.id, kind=need.kind, code=need.code)
        copy.detail = need.detail
        db.session.add(copy)


def needs_form_data(case: Case) -> dict[str, Any]:
    """The edit form's disability and accommodation answers from what is recorded."""
    needs = needs_of(case)
    types = [n.code for n in needs if n.kind == "disability"]
    legacy = case.survivor.disability if case.survivor else None
    if not types and legacy in LEGACY_BY_LEGACY_TYPE:
        types = [LEGACY_BY_LEGACY_TYPE[legacy]]
    other = next((n.detail for n in needs if n.kind == "accommodation" and n.code == "other"), "")
    return {"disability_types": types,
            "accommodations": [n.code for n in needs if n.kind == "accommodation"],
            "accommodation_other": other or ""}


def needs_summary(case: Case) -> dict[str, Any]:
    """Her disability types and accommodations as codes, and the other need's text."""
    data = needs_form_data(case)
    data["legacy"] = case.survivor.disability if case.survivor else None
    return data
