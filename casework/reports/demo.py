"""Demo data for the village data pilah: invented cases in three real villages of Cileunyi.

Cinunuk has enough survivors for most of its counts to be shown; Cileunyi Wetan and Cimekar
have a handful, so their pages show how small counts are hidden.
"""

from __future__ import annotations

from casework.accounts.models import User
from casework.cases.models import Case, ServiceRecord
from casework.cases.operations import register_case
from casework.extensions import db
from casework.i18n import local_today

CILEUNYI = {"province_code": "32", "regency_code": "3204", "district_code": "320405"}
CINUNUK, CILEUNYI_WETAN, CIMEKAR = "3204052004", "3204052002", "3204052003"
BASE = {"consent_record": True, "consent_contact": True, "consent_statistics": True,
        "sex": "female", "gbv_type": "physical_assault", "place": "household",
        "perpetrator_relationship": "spouse", "intake_channel": "walk_in", **CILEUNYI}
# (village, how many, what differs from BASE, services given to each)
GROUPS = (
    (CINUNUK, 7, {"age_band": "25-44", "occupation": "housewife", "disability": "none",
                  "forms": ["physical", "psychological"]}, ("health", "legal_aid")),
    (CINUNUK, 6, {"age_band": "18-24", "occupation": "labourer", "disability": "physical",
                  "forms": ["psychological", "sexual"], "gbv_type": "sexual_assault",
                  "perpetrator_relationship": "partner"}, ("psychological",)),
    (CILEUNYI_WETAN, 3, {"age_band": "13-17", "occupation": "student", "disability": "none",
                         "forms": ["sexual"], "gbv_type": "sexual_assault",
                         "perpetrator_relationship": "neighbour", "place": "public_facility",
                         "consent_given_by": "guardian",
                         "guardian_note": "Ibu kandung (contoh)"}, ("health",)),
    (CIMEKAR, 2, {"age_band": "45-59", "occupation": "trader", "disability": "sensory",
                  "forms": ["psychological", "neglect"],
                  "gbv_type": "psychological_abuse"}, ()),
)


# Invented first names, so the demo's lists read like a centre's and not like test rows.
INVENTED_NAMES = ("Ratna", "Dewi", "Yuni", "Lina", "Tuti", "Nani", "Rina", "Sari", "Wati",
                  "Eka", "Iis", "Neng", "Euis", "Imas", "Lilis", "Titin", "Ai", "Cucu", "Enok")


def seed_village_cases(paralegal: User) -> list[Case]:
    """Register the invented village cases with a few services each."""
    cases = []
    names = iter(INVENTED_NAMES * 2)
    for village, count, differs, services in GROUPS:
        for _number in range(count):
            data = {**BASE, **differs, "village_code": village,
                    "name": f"{next(names)} (contoh desa)"}
            case = register_case(data, paralegal.organisation_id, paralegal)
            db.session.add_all(ServiceRecord(
                case_id=case.id, provider_org_id=paralegal.organisation_id, service_type=service,
                outcome="provided", delivered_on=local_today(), recorded_by_id=paralegal.id)
                for service in services)
            cases.append(case)
    db.session.flush()
    return cases
