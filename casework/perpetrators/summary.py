"""What other domains read of perpetrators: the plain categories for exports and statistics,
and the pairs a unit is shown when the survivor shares her incident."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from casework.cases import categories as cat
from casework.database import in_slices
from casework.extensions import db
from casework.perpetrators.models import Perpetrator


@dataclass(frozen=True)
class PerpetratorFacts:
    """A perpetrator's plain categories, never the name or free text (for exports)."""

    sex: str | None
    age_band: str | None
    education: str | None
    occupation: str | None
    relationship: str | None
    is_child: bool
    harmed_others: bool


def perpetrators_for_cases(case_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[PerpetratorFacts]]:
    """Each case's perpetrators as plain categories, first recorded (the primary) first; a
    case with none recorded is absent."""
    found: dict[uuid.UUID, list[PerpetratorFacts]] = defaultdict(list)
    columns = (Perpetrator.sex, Perpetrator.age_band, Perpetrator.education,
               Perpetrator.occupation, Perpetrator.relationship, Perpetrator.is_child,
               Perpetrator.harmed_others)
    for chunk in in_slices(sorted(set(case_ids))):
        query = (select(Perpetrator.case_id, *columns).where(Perpetrator.case_id.in_(chunk))
                 .order_by(Perpetrator.case_id, Perpetrator.created_at, Perpetrator.id))
        for case_id, *values in db.session.execute(query):
            found[case_id].append(PerpetratorFacts(*values[:5], bool(values[5]),
                                                   bool(values[6])))
    return dict(found)


def perpetrator_pairs(perpetrators: list[Perpetrator]) -> list[tuple[str, Any]]:
    """(label, value) pairs of an incident's perpetrators for a unit she shared it with; with
    more than one, each starts with its number."""
    pairs: list[tuple[str, Any]] = []
    for number, p in enumerate(perpetrators, start=1):
        if len(perpetrators) > 1:
            pairs.append((_("Perpetrator"), str(number)))
        pairs += [
            (_("Perpetrator's relationship"), cat.label(cat.RELATIONSHIPS, p.relationship)),
            (_("Perpetrator's name"), p.name),
            (_("Perpetrator's sex"), cat.label(cat.SEXES, p.sex)),
            (_("Perpetrator's age"), cat.label(cat.AGE_BANDS, p.age_band)),
            (_("The perpetrator is a child"), _("yes") if p.is_child else None),
            (_("Perpetrator's education"), cat.label(cat.EDUCATION, p.education)),
            (_("Perpetrator's occupation"), cat.label(cat.OCCUPATIONS, p.occupation)),
            (_("Known to have harmed others"), _("yes") if p.harmed_others else None),
            (_("About the perpetrator"), p.details),
        ]
    return pairs
