"""A child does not consent alone to the unit's own case, even when the referral did not share
her identity (so the unit was not told her age): the refusal names the rule, nothing of her."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import Survivor
from casework.extensions import db
from casework.referrals.models import ReferralIntake

GUARDIAN = {"consent_given_by": "guardian", "guardian_note": "Ibunya, Ibu Rahayu."}


def _make_her_a_child(app, world) -> None:
    """The referred case's survivor is 13-17."""
    with app.app_context():
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == world.case.id))
        survivor.age_band = "13-17"
        db.session.commit()


def _taken_in(app, referral_id) -> bool:
    """Whether the unit made a case from the referral."""
    with app.app_context():
        return db.session.scalar(select(ReferralIntake.id).where(
            ReferralIntake.referral_id == referral_id)) is not None


def test_a_child_alone_is_refused_though_identity_was_not_shared(app, world, refer, as_user):
    _make_her_a_child(app, world)
    referral_id = refer(groups=["safe_contact"], child_assent="assented", **GUARDIAN)
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    page = staff.post(f"/referrals/{referral_id}/take-in",
                      data={"consent_record": "y", "consent_given_by": "survivor"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Untuk anak, catat persetujuan bersama walinya" in page
    assert not _taken_in(app, referral_id)
    assert "13-17" not in page


def test_with_her_guardian_the_unit_takes_her_in(app, world, refer, as_user):
    _make_her_a_child(app, world)
    referral_id = refer(groups=["safe_contact"], child_assent="assented", **GUARDIAN)
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    response = staff.post(f"/referrals/{referral_id}/take-in",
                          data={"consent_record": "y", **GUARDIAN})
    assert response.status_code == 302
    assert _taken_in(app, referral_id)
