"""Invented perpetrators for the demo's cases: the intake's first one gets its categories, and
two cases get a second perpetrator, so the case page shows several (no real person)."""

from __future__ import annotations

from casework.accounts.models import User
from casework.cases.models import Case
from casework.perpetrators.records import create_perpetrator, perpetrators_of

# By demo case (its position in casework.demo.DEMO_CASES): more about the first perpetrator,
# then the others. Ayu's case: an adult boyfriend and a schoolmate of 16 who shared the images.
FIRST = (
    {"name": "Budi (contoh)", "sex": "male", "age_band": "25-44", "education": "sma",
     "occupation": "labourer", "harmed_others": True},
    {"name": "Rendi (contoh)", "sex": "male", "age_band": "18-24", "education": "sma",
     "occupation": "student"},
    {"sex": "male", "age_band": "45-59", "education": "higher", "occupation": "trader"},
)
OTHERS = (
    (),
    ({"name": "Teman sekolah (contoh)", "sex": "male", "age_band": "13-17", "is_child": True,
      "education": "smp", "occupation": "student", "relationship": "community_member",
      "details": "Menyebarkan foto ke grup kelas (contoh)."},),
    ({"sex": "female", "age_band": "25-44", "occupation": "private_employee",
      "relationship": "colleague", "details": "Mandor yang menahan upah (contoh)."},),
)


def seed_demo_perpetrators(cases: list[Case], paralegal: User) -> None:
    """Fill in the demo cases' perpetrators (called once, when the demo cases are made)."""
    for case, first, others in zip(cases, FIRST, OTHERS, strict=False):
        found = perpetrators_of(case)
        if found:
            for name, value in first.items():
                setattr(found[0], name, value)
        for data in others:
            create_perpetrator(case, case.incident, data, paralegal)
