"""Demo data: organisations of one district, one user per role, and a few invented cases."""

from __future__ import annotations

import secrets
from datetime import date

from pyotp import random_base32
from sqlalchemy import select

from casework.accounts.models import Organisation, User
from casework.accounts.operations import (
    create_organisation,
    create_user,
    find_organisation,
    find_user,
)
from casework.accounts.passwords import hash_password
from casework.accounts.throttle import unlock
from casework.cases.models import Case
from casework.cases.operations import register_case
from casework.children.demo import seed_demo_child
from casework.extensions import db
from casework.legal.demo import seed_demo_legal
from casework.perpetrators.demo import seed_demo_perpetrators
from casework.reports.demo import seed_village_cases

DEMO_ORGANISATIONS = (
    ("sapa", "Sapa Institut", "ngo", None, "3204"),
    ("bale-istri", "Bale Istri Desa Sukamaju", "community_centre", "sapa", "320405"),
    ("bale-remaja", "Bale Remaja Desa Cibiru", "community_centre", "sapa", "320406"),
    ("uptd-ppa-bdg", "UPTD PPA Kabupaten Bandung", "uptd_ppa", None, "3204"),
    ("dinsos-bdg", "Dinas Sosial Kabupaten Bandung", "dinas_sosial", None, "3204"),
    ("dukcapil-bdg", "Disdukcapil Kabupaten Bandung", "dukcapil", None, "3204"),
)
DEMO_USERS = (
    ("paralegal", "paralegal", "bale-istri", "Siti Paralegal"),
    ("supervisor", "supervisor", "sapa", "Dewi Supervisor"),
    ("petugas", "service_staff", "uptd-ppa-bdg", "Rina Petugas UPTD"),
    ("kepala-uptd", "supervisor", "uptd-ppa-bdg", "Ibu Kepala UPTD PPA"),
    ("dukcapil", "service_staff", "dukcapil-bdg", "Andi Petugas Dukcapil"),
    ("admin", "admin", "sapa", "Admin Sistem"),
)
DEMO_CASES = (
    {
        "name": "Sri Wahyuni (contoh)", "sex": "female", "age_band": "25-44",
        "nik": "3204055708900003", "phone": "0812 3456 7890", "forms": ["physical", "psychological"],
        "gbv_type": "physical_assault", "place": "household", "perpetrator_relationship": "spouse",
        "narrative": "Contoh kasus untuk demo: tidak ada orang sungguhan.",
        "incident_date": date(2026, 10, 2), "district_code": "320405",
        "intake_channel": "walk_in",
    },
    {
        "name": "Ayu", "sex": "female", "age_band": "13-17", "forms": ["sexual"],
        "tpks_crimes": ["electronic"], "gbv_type": "sexual_assault", "place": "online",
        "perpetrator_relationship": "partner",
        "consent_given_by": "guardian", "guardian_note": "Ibu kandung (contoh)",
        "intake_channel": "hotline",
    },
    {
        "name": "Nur Aini (contoh)", "sex": "female", "age_band": "18-24", "forms": ["exploitation"],
        "gbv_type": "denial_of_resources", "place": "workplace",
        "perpetrator_relationship": "employer", "intake_channel": "outreach",
        "disability_types": ["hearing", "speech"],
        "accommodations": ["sign_language", "easy_read"],
    },
)


DEMO_RISKS = ("high", "medium", "low")
# A call to the SAPA 129 hotline that the UPTD PPA registered itself.
DEMO_UNIT_CASE = {
    "name": "Wulan (contoh)", "sex": "female", "age_band": "25-44", "forms": ["psychological"],
    "gbv_type": "psychological_abuse", "place": "household", "perpetrator_relationship": "spouse",
    "intake_channel": "hotline", "consent_record": True, "consent_contact": True,
    "consent_statistics": True,
}


def _seed_organisations() -> None:
    """Create the demo organisations that are not there yet."""
    for code, name, kind, parent_code, region in DEMO_ORGANISATIONS:
        if find_organisation(code) is None:
            parent = find_organisation(parent_code) if parent_code else None
            create_organisation(code, name, kind, parent, region)


def _seed_user(username: str, role: str, org: Organisation, display: str) -> tuple[User, str]:
    """Create the demo user, or give an existing one a new password; return both."""
    password = "-".join(secrets.token_urlsafe(4) for _ in range(4))
    user = find_user(username)
    if user is None:
        user = create_user(username, role, org, password, display)
    else:
        user.password_hash = hash_password(password)
        user.failed_logins, user.locked_until, user.active = 0, None, True
    unlock(username)
    if user.mfa_required:  # her role needs a second factor (MFA_FOR_CASE_ROLES): print its key
        user.totp_secret, user.totp_last_counter = random_base32(), None
        password = f"{password}  TOTP key {user.totp_secret}"
    return user, password


def seed_demo() -> list[tuple[str, str, str, str]]:
    """Seed everything once (passwords anew each time) and return the logins to print."""
    _seed_organisations()
    logins, users = [], {}
    for username, role, org_code, display in DEMO_USERS:
        org = find_organisation(org_code)
        users[username], password = _seed_user(username, role, org, display)
        logins.append((username, role, org.name, password))
    paralegal = users["paralegal"]
    from casework.referrals.demo import seed_demo_referral, seed_unit_services

    seed_unit_services()
    if _has_cases():
        return logins
    # The village cases first, so the showcase cases below come first in every list.
    seed_village_cases(paralegal)
    cases = []
    for data in DEMO_CASES:
        full = {"consent_record": True, "consent_contact": True, "consent_statistics": True}
        cases.append(register_case({**full, **data}, paralegal.organisation_id, paralegal))
    _seed_assessments(cases, paralegal)
    seed_demo_perpetrators(cases, paralegal)  # several perpetrators on two cases (issue 14)
    seed_demo_child(cases[1], paralegal)
    seed_demo_referral(cases[0], paralegal)
    seed_demo_legal(cases, paralegal)
    unit_staff = users["petugas"]
    register_case(DEMO_UNIT_CASE, unit_staff.organisation_id, unit_staff)
    return logins


def _seed_assessments(cases: list[Case], paralegal: User) -> None:
    """Each demo case's first needs-and-risk assessment: the risk level comes only from one."""
    from casework.plans.operations import record_assessment

    for case, risk in zip(cases, DEMO_RISKS, strict=True):
        record_assessment(case, {"risk_level": risk, "safety_urgency": "urgent" if risk == "high"
                                 else "none"}, "", paralegal)


def _has_cases() -> bool:
    """Whether the demo cases were seeded already."""
    return db.session.scalar(select(Case.id).limit(1)) is not None
