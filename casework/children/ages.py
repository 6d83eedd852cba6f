"""When a child survivor turns 18, as well as her record allows."""

from __future__ import annotations

from datetime import date

from casework.cases.categories import CHILD_AGE_BANDS
from casework.cases.models import Case


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def eighteenth_birthday(case: Case) -> date | None:
    """Her 18th birthday: from her date of birth when recorded; else, from the age band at
    report, the latest day it can be (she was at least the band's lower age on the day the
    case was opened), so a retention period counted from it keeps the case longer, never
    shorter. None for an adult, or when neither is known."""
    survivor = case.survivor
    if survivor is None:
        return None
    if survivor.date_of_birth is not None:
        return add_years(survivor.date_of_birth, 18)
    if survivor.age_band in CHILD_AGE_BANDS:
        youngest = int(survivor.age_band.split("-")[0])
        return add_years(case.created_at.date(), 18 - youngest)
    return None
