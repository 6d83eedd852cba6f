"""Duplicates: the same survivor registered twice, here or at another organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.access import may_access_case
from casework.cases.errors import CaseClosed
from casework.cases.models import Case, Survivor
from casework.cases.operations import check_version
from casework.crypto.blind_index import normalise_nik, normalise_phone
from casework.database import utcnow
from casework.extensions import db
from casework.search.errors import NotADuplicate
from casework.search.operations import index_match

MAX_DUPLICATE_CANDIDATES = 200


@dataclass
class DuplicateFinding:
    """Matching cases the user may open, and whether others exist that she may not see."""

    visible: list[Case] = field(default_factory=list)
    elsewhere: bool = False

    @property
    def found(self) -> bool:
        """Whether any case holds the same NIK or phone."""
        return bool(self.visible) or self.elsewhere


def _same_person(survivor: Survivor, nik: str, phones: set[str]) -> bool:
    """Decrypt one candidate and confirm the NIK or a phone really is the same."""
    if nik and normalise_nik(survivor.nik or "") == nik:
        return True
    held = {normalise_phone(p) for p in (survivor.phone, survivor.safe_phone) if p}
    return bool(held & phones)


def find_duplicates(user: User, nik: str | None, phones: list[str | None]) -> DuplicateFinding:
    """Cases anywhere whose survivor has this NIK or phone, split by what the user may see."""
    nik = normalise_nik(nik or "")
    wanted = {normalise_phone(p) for p in phones if p} - {""}
    conditions = [Survivor.id.in_(index_match("phone", p)) for p in wanted]
    if len(nik) == 16:
        conditions.append(Survivor.id.in_(index_match("nik", nik)))
    finding = DuplicateFinding()
    if not conditions:
        return finding
    candidates = db.session.scalars(
        select(Survivor).where(or_(*conditions))
        .options(selectinload(Survivor.case).selectinload(Case.assignments))
        .limit(MAX_DUPLICATE_CANDIDATES)
    )
    for survivor in candidates:
        if not _same_person(survivor, nik if len(nik) == 16 else "", wanted):
            continue
        if may_access_case(user, survivor.case, "view"):
            finding.visible.append(survivor.case)
        else:
            finding.elsewhere = True
    record("duplicate_check", object_type="case", outcome="found" if finding.found else "none")
    return finding


def mark_duplicate(case: Case, original: Case, user: User, version: Any) -> None:
    """Mark a case as a duplicate of another the user may see; it then takes no more edits."""
    if case.is_closed:
        raise CaseClosed()
    if original.id == case.id or original.duplicate_of_id == case.id:
        raise NotADuplicate()
    if not may_access_case(user, original, "view"):
        raise NotADuplicate()
    check_version(case, version)
    case.status = "duplicate"
    case.duplicate_of_id = original.id
    case.closed_at = utcnow()
    db.session.flush()
    record("mark_duplicate", object_type="case", object_id=case.id, case_ref=case.reference)
