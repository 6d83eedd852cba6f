"""Which organisations hold cases and which roles fit which organisations: one table each.

Every check of "may this organisation hold cases" or "may this person work cases" reads the
names below, so the rule is changed here and nowhere else (issue 13; DOMAIN.md, "Units do
case management too").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:  # the models import this table; only their type is needed here
    from casework.accounts.models import User

ORGANISATION_KINDS = {
    "community_centre": _l("Community service centre"),
    "ngo": _l("Service-provider NGO"),
    "uptd_ppa": _l("UPTD PPA"),
    "dinas_sosial": _l("Social Services (Dinas Sosial)"),
    "dukcapil": _l("Civil Registry (Dukcapil)"),
    "health": _l("Health facility (Puskesmas / hospital)"),
    "police": _l("Police PPA unit"),
    "legal_aid": _l("Legal aid (LBH / Posbakum)"),
}
# Units a case may be referred to.
SERVICE_UNIT_KINDS = ("uptd_ppa", "dinas_sosial", "dukcapil", "health", "police", "legal_aid")
# Organisations that register and manage cases of their own (Permen PPPA 4/2018 gives case
# management to the UPTD PPA; Dinas Sosial runs social rehabilitation).
CASE_HOLDING_KINDS = ("community_centre", "ngo", "uptd_ppa", "dinas_sosial")

ROLES = {
    "paralegal": _l("Paralegal / case manager"),
    "service_staff": _l("Service unit staff"),
    "supervisor": _l("Supervisor"),
    "admin": _l("System administrator"),
}
# Which roles an organisation of each kind may have. A paralegal (case manager) works where
# cases are held; service staff work at units cases are referred to; every organisation has
# supervisors; the system administrator may sit wherever the deployment is run.
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "paralegal": CASE_HOLDING_KINDS,
    "service_staff": SERVICE_UNIT_KINDS,
    "supervisor": tuple(ORGANISATION_KINDS),
    "admin": tuple(ORGANISATION_KINDS),
}
# Roles whose holders register and work cases they are assigned to (service staff only at an
# organisation that holds cases: see works_cases).
CASEWORKER_ROLES = ("paralegal", "service_staff")


def may_hold_cases(kind: str) -> bool:
    """Whether an organisation of this kind registers and manages cases of its own."""
    return kind in CASE_HOLDING_KINDS


def role_fits(role: str, kind: str) -> bool:
    """Whether a person of this role may work at an organisation of this kind."""
    return kind in ROLE_KINDS.get(role, ())


def works_cases(user: User) -> bool:
    """Whether the user registers and works cases: a paralegal, or unit staff at a UPTD PPA or
    Dinas Sosial (the unit's own case managers)."""
    return user.role in CASEWORKER_ROLES and may_hold_cases(user.organisation.kind)


def misfit_message(role: str, kind: str) -> str:
    """Why a role is refused at an organisation of this kind, and where it does fit."""
    fits = ", ".join(str(ORGANISATION_KINDS[k]) for k in ROLE_KINDS.get(role, ()))
    return _("The role %(role)s does not fit an organisation of the kind %(kind)s. "
             "It fits: %(fits)s.", role=str(ROLES.get(role, role)),
             kind=str(ORGANISATION_KINDS.get(kind, kind)), fits=fits)
