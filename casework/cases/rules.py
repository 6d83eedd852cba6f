"""Rules of law and practice that several domains apply to a case."""

from __future__ import annotations

from typing import Any

from casework.cases.models import Case, Incident
from casework.perpetrators.records import perpetrators_of

# GBVIMS types that are sexual violence: rape is a crime of UU TPKS art. 4(2), which the art.
# 4(1) list does not name, so a case may hold it without any art. 4(1) box ticked.
SEXUAL_GBV_TYPES = ("rape", "sexual_assault")


def is_sexual_violence(incident: Incident) -> bool:
    """Recorded as sexual violence: a UU TPKS crime, the sexual form, or a sexual GBVIMS type."""
    return bool(incident.tpks_crimes or "sexual" in incident.forms
                or incident.gbv_type in SEXUAL_GBV_TYPES)


def mediation_forbidden(case: Case) -> bool:
    """UU TPKS art. 23: a sexual-violence crime (art. 4(1) and 4(2)) is never settled by
    mediation while any adult perpetrator of it is recorded. An incident with no perpetrator
    recorded counts as an adult's: only children, all of them recorded, open the exception."""
    by_incident: dict = {}
    for perpetrator in perpetrators_of(case):
        by_incident.setdefault(perpetrator.incident_id, []).append(perpetrator)
    return any(is_sexual_violence(incident)
               and not all_children(by_incident.get(incident.id, []))
               for incident in case.incidents)


def all_children(perpetrators: list) -> bool:
    """At least one perpetrator recorded, and every one of them a child."""
    return bool(perpetrators) and all(p.is_child for p in perpetrators)


def guardian_rule_broken(is_child: bool, consent: dict[str, Any]) -> bool:
    """A consent that breaks the rule for children: a child's given by herself alone, or one
    given by a guardian or supervisor without the note naming them (and the reason)."""
    given_by = consent.get("given_by") or "survivor"
    if given_by == "survivor":
        return is_child
    return not (consent.get("guardian_note") or "").strip()
