"""Rules of law and practice that several domains apply to a case."""

from __future__ import annotations

from casework.cases.models import Case


def has_tpks_crime(case: Case) -> bool:
    """Whether any incident records a sexual-violence crime under UU TPKS art. 4(1)."""
    return any(incident.tpks_crimes for incident in case.incidents)


def mediation_forbidden(case: Case) -> bool:
    """UU TPKS art. 23: no mediation of a sexual-violence crime unless the perpetrator is a child."""
    return any(
        incident.tpks_crimes and not incident.perpetrator_is_child for incident in case.incidents
    )
