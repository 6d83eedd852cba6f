"""Rules of law and practice that several domains apply to a case."""

from __future__ import annotations

from typing import Any

from casework.cases.models import Case, Incident
from casework.children.categories import CHILD_ASSENT
from casework.children.operations import guardian_of
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


def diversion_forbidden(case: Case) -> bool:
    """Diversion (UU SPPA) is never offered for sexual violence, whoever the perpetrator is:
    it settles a case out of court, which UU TPKS art. 23 forbids for these crimes."""
    return any(is_sexual_violence(incident) for incident in case.incidents)


def child_consent_problem(case: Case | None, consent: dict[str, Any],
                          assent_needed: bool = False) -> str | None:
    """What breaks the rule for a child's consent, or None: a child's consent given by
    herself alone ("alone"); a guardian's or supervisor's without the note naming them and
    the reason ("unnamed"); the guardian's when the guardian recorded on the case is the
    perpetrator or connected to him, for whom a supervisor consents ("guardian_connected");
    and, where assent_needed (a referral), no record of the child's own assent ("no_assent")."""
    is_child = case is not None and case.survivor is not None and case.survivor.is_child
    given_by = consent.get("given_by") or "survivor"
    if given_by == "survivor":
        return "alone" if is_child else None
    if not (consent.get("guardian_note") or "").strip():
        return "unnamed"
    if not is_child:
        return None
    guardian = guardian_of(case)
    if given_by == "guardian" and guardian is not None and not guardian.may_consent:
        return "guardian_connected"
    if assent_needed and consent.get("child_assent") not in CHILD_ASSENT:
        return "no_assent"
    return None
