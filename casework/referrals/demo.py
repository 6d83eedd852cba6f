"""Demo data of the referrals domain: what the demo units offer, and one referral."""

from __future__ import annotations

from casework.accounts.models import User
from casework.accounts.operations import find_organisation
from casework.cases.models import Case
from casework.referrals.directory import set_offered_services
from casework.referrals.operations import make_referral

DEMO_SERVICES = {
    "uptd-ppa-bdg": ("complaint", "psychological", "shelter", "mediation", "legal_aid"),
    "dinsos-bdg": ("social_rehabilitation", "social_reintegration", "return_home", "shelter"),
    "dukcapil-bdg": ("civil_documents",),
}


def seed_unit_services() -> None:
    """Give the demo units their directory entries (idempotent)."""
    for code, services in DEMO_SERVICES.items():
        unit = find_organisation(code)
        if unit is not None:
            set_offered_services(unit, list(services))


def seed_demo_referral(case: Case, paralegal: User) -> None:
    """Refer the first demo case to Dukcapil for a new KTP-el, sharing identity and NIK."""
    unit = find_organisation("dukcapil-bdg")
    if unit is None:
        return
    consent = {"given": True, "given_by": "survivor", "groups": ["identity", "nik"]}
    make_referral(case, unit, ["civil_documents"], "routine",
                  "KTP-el hilang saat keluar dari rumah; perlu untuk layanan lain (contoh).",
                  consent, paralegal)
