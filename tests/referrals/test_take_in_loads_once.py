"""The take-in of a referral is read once per showing: once on the unit's referral page (the
section and its form share it), and in one query for all the referrals on the case panel."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from casework.extensions import db


@contextmanager
def intake_reads(app) -> Iterator[list[str]]:
    """The statements reading the take-ins, while the block runs."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM referral_intake" in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_the_unit_s_referral_page_reads_the_take_in_once(app, world, refer, as_user):
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    with intake_reads(app) as seen:
        page = staff.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert 'id="take-in"' in page
    assert len(seen) == 1


def test_the_case_panel_reads_every_referral_s_take_in_in_one_query(app, world, refer,
                                                                    as_user):
    sender = as_user(world.paralegal)
    refer()
    with intake_reads(app) as seen:
        sender.get(f"/cases/{world.case.reference}")
    with_one = len(seen)
    refer(unit=world.dinsos, services=["social_rehabilitation"])
    refer(unit=world.dukcapil, services=["civil_documents"], groups=["identity", "nik"])
    with intake_reads(app) as seen:
        page = sender.get(f"/cases/{world.case.reference}").get_data(as_text=True)
    assert page.count('class="note referral') == 3
    assert len(seen) == with_one
