"""After a case is transferred, the referral's sender belongs to the organisation that gave
the case up: an escalation and a unit's answer go to the new holder's case worker, not to her."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from casework.cases.models import Case, CaseAssignment
from casework.database import utcnow
from casework.extensions import db
from casework.notifications.escalation import escalate_overdue
from tests.notifications.conftest import outbox


def _transferred(app, world, make_org, make_user):
    """The case now held by another centre, its paralegal assigned; the sender's ended."""
    other = make_org("community_centre", region="3204")
    new_worker = make_user("paralegal", other)
    with app.app_context():
        case = db.session.get(Case, world.case.id)
        case.organisation_id = other.id
        for assignment in db.session.scalars(select(CaseAssignment)
                                             .where(CaseAssignment.case_id == case.id)):
            assignment.ended_at = utcnow()
        db.session.add(CaseAssignment(case_id=case.id, user_id=new_worker.id))
        db.session.commit()
    return new_worker


def test_an_escalation_after_a_transfer_tells_the_new_holder_not_the_old_sender(
        app, mailed, refer, make_org, make_user):
    world = mailed.world
    unit_supervisor = make_user("supervisor", world.uptd)
    refer(urgency="emergency")
    new_worker = _transferred(app, world, make_org, make_user)
    with app.app_context():
        assert escalate_overdue(utcnow() + timedelta(hours=5)) == 1
        db.session.commit()
    told = {row.user_id for row in outbox(app, kind="referral_overdue", channel="inapp")}
    assert told == {unit_supervisor.id, new_worker.id}


def test_an_answer_after_a_transfer_tells_the_new_holder_not_the_old_sender(
        app, mailed, refer, as_user, make_org, make_user):
    world = mailed.world
    referral_id = refer()
    new_worker = _transferred(app, world, make_org, make_user)
    as_user(world.uptd_staff).post(f"/referrals/{referral_id}/accept")
    told = {row.user_id for row in outbox(app, kind="referral_answered", channel="inapp")}
    assert told == {new_worker.id}


def test_without_a_transfer_the_sender_is_still_told(app, mailed, refer, as_user):
    world = mailed.world
    referral_id = refer()
    as_user(world.uptd_staff).post(f"/referrals/{referral_id}/accept")
    told = {row.user_id for row in outbox(app, kind="referral_answered", channel="inapp")}
    assert told == {world.paralegal.id}
