"""Demo data of a child's case: her guardian and a child-friendly interview (invented)."""

from __future__ import annotations

from datetime import timedelta

from casework.accounts.models import User
from casework.cases.models import Case
from casework.children.operations import add_interview, save_guardian
from casework.i18n import local_today

DEMO_GUARDIAN = {"name": "Ibu Yati (contoh)", "relationship": "mother",
                 "perpetrator_link": "none", "safe_to_contact": True,
                 "contact": "0812 0000 1111 (contoh)"}
DEMO_INTERVIEW = {
    "adaptations": ["child_language", "trusted_adult", "child_room"],
    "present": "Ibu Yati (ibu), psikolog UPTD PPA (contoh)",
    "note": "Wawancara singkat di ruang ramah anak; ia memilih ibunya ikut. Contoh, bukan "
            "orang sungguhan.",
}


def seed_demo_child(case: Case, author: User) -> None:
    """The demo girl's guardian and her first child-friendly interview."""
    save_guardian(case, DEMO_GUARDIAN, author)
    add_interview(case, {**DEMO_INTERVIEW, "interviewed_on": local_today() - timedelta(days=2)},
                  author)
