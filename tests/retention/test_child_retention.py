"""Retention of a child's case counts from her 18th birthday, not from closing: from her date
of birth when recorded, else from the latest 18th birthday her age band at report allows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from casework.cases.models import Case
from casework.children.ages import add_years
from casework.extensions import db
from casework.retention.errors import RetentionNotReached
from casework.retention.operations import cases_past_retention, purge_case, retention_starts

OPENED = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
CLOSED = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


def _opened_and_closed(app, case) -> None:
    """The case opened on 1 March 2024 and closed on 10 January 2025."""
    with app.app_context():
        db.session.execute(update(Case).where(Case.id == case.id).values(
            created_at=OPENED, status="closed", closed_at=CLOSED, close_reason="needs_met"))
        db.session.commit()


@pytest.fixture
def cases(app, make_org, make_user, make_case):
    """A woman's case, a girl's with her date of birth, girls' with an age band only."""
    paralegal = make_user("paralegal", make_org())
    made = {
        "adult": make_case(paralegal, age_band="25-44"),
        "born": make_case(paralegal, age_band="13-17", date_of_birth=date(2010, 6, 15),
                          consent_given_by="guardian", guardian_note="Ibu"),
        "teen": make_case(paralegal, age_band="13-17", consent_given_by="guardian",
                          guardian_note="Ibu"),
        "toddler": make_case(paralegal, age_band="0-5", consent_given_by="guardian",
                             guardian_note="Ibu"),
    }
    for case in made.values():
        _opened_and_closed(app, case)
    return made


def _starts(app, case) -> datetime:
    with app.app_context():
        return retention_starts(db.session.get(Case, case.id))


def test_the_day_retention_starts(app, cases):
    assert _starts(app, cases["adult"]) == CLOSED
    assert _starts(app, cases["born"]) == datetime(2028, 6, 15, tzinfo=UTC)
    # At least 13 on 1 March 2024: she turns 18 on 1 March 2029 at the latest.
    assert _starts(app, cases["teen"]) == datetime(2029, 3, 1, tzinfo=UTC)
    assert _starts(app, cases["toddler"]) == datetime(2042, 3, 1, tzinfo=UTC)


def test_listed_for_purging_only_after_her_18th_birthday_plus_the_period(app, cases):
    years = app.config["RETENTION_YEARS"]

    def listed(year: int, month: int, day: int) -> set:
        with app.app_context():
            return {case.id for case in cases_past_retention(datetime(year + years, month, day,
                                                                      tzinfo=UTC))}

    assert listed(2025, 1, 20) == {cases["adult"].id}
    assert cases["born"].id not in listed(2028, 6, 5)
    assert cases["born"].id in listed(2028, 6, 25)
    assert cases["teen"].id not in listed(2029, 2, 20)
    assert cases["teen"].id in listed(2029, 3, 10)
    assert cases["toddler"].id not in listed(2042, 2, 20)


def test_a_leap_day_birthday_turns_to_the_first_of_march():
    assert add_years(date(2008, 2, 29), 18) == date(2026, 3, 1)


def test_purge_for_retention_refused_before_her_date(app, cases, make_user):
    with app.app_context():
        case = db.session.get(Case, cases["toddler"].id)
        with pytest.raises(RetentionNotReached):
            purge_case(case, "retention_reached")
        db.session.rollback()
        purge_case(db.session.get(Case, cases["toddler"].id), "survivor_request")
