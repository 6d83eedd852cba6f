"""A referral that shares the incident shows the unit every perpetrator, and a take-in copies
them (names sealed afresh for the unit's rows); one that does not share it shows none."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import Case
from casework.extensions import db
from casework.perpetrators.models import Perpetrator
from casework.perpetrators.records import create_perpetrator
from casework.referrals.models import ReferralIntake

CONSENT = {"consent_record": "y", "consent_contact": "y", "consent_statistics": "y",
           "consent_given_by": "survivor"}


def _second_perpetrator(app, world) -> None:
    """A named neighbour beside the husband of the world's case."""
    with app.test_request_context("/"):
        case = db.session.get(Case, world.case.id)
        create_perpetrator(case, case.incident, {"name": "Pak Rudi Tetangga", "sex": "male",
                                                 "relationship": "neighbour"}, None)
        db.session.commit()


def test_unit_sees_and_takes_in_every_perpetrator(app, world, refer, as_user, make_user):
    _second_perpetrator(app, world)
    referral_id = refer(groups=["incident"])
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    page = staff.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "Pak Rudi Tetangga" in page and "Tetangga" in page and "Suami/istri" in page
    as_user(make_user("supervisor", world.uptd)).post(
        f"/referrals/{referral_id}/take-in", data=CONSENT)
    with app.app_context():
        unit_case_id = db.session.scalar(select(ReferralIntake.case_id).where(
            ReferralIntake.referral_id == referral_id))
        copied = db.session.scalars(select(Perpetrator).where(
            Perpetrator.case_id == unit_case_id).order_by(Perpetrator.created_at)).all()
        assert [(p.relationship, p.name) for p in copied] == [
            ("spouse", None), ("neighbour", "Pak Rudi Tetangga")]


def test_unit_sees_no_perpetrator_when_the_incident_is_not_shared(app, world, refer, as_user):
    _second_perpetrator(app, world)
    referral_id = refer(groups=["identity"])
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    page = staff.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "Siti Aminah" in page  # the shared identity shows...
    assert "Pak Rudi Tetangga" not in page and "Tetangga" not in page  # ...no perpetrator
