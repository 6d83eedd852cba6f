"""Each event tells the right people, in the transaction of its change, and nothing in the
outbox or the mail names the survivor, the case or the referral."""

from __future__ import annotations

from sqlalchemy import select

from casework.accounts.models import User
from casework.cases import closure
from casework.cases.models import Case
from casework.extensions import db
from casework.notifications.operations import notify_organisation
from casework.notifications.outbox import send_due
from casework.referrals.models import Referral
from casework.referrals.operations import accept_referral
from tests.notifications.conftest import BASE_URL, assert_no_canary, outbox


def _told(app, kind: str) -> set:
    """The users an in-app notification of this kind went to."""
    return {row.user_id for row in outbox(app, channel="inapp", kind=kind)}


def test_a_new_referral_is_mailed_to_the_units_staff_without_survivor_data(
        app, mailed, refer, mailbox):
    world = mailed.world
    refer()
    assert _told(app, "new_referral") == {world.uptd_staff.id, world.uptd_staff2.id}
    with app.app_context():
        report = send_due()
    assert report.sent == 2
    message = mailbox.to(mailed.address["uptd_staff"])[0]
    body = message.get_content()
    assert "1 rujukan baru menunggu unit Anda." in body
    assert f"{BASE_URL}/login" in body
    assert not mailbox.to(mailed.address["dukcapil_staff"])
    assert_no_canary(app, world.case, body, str(message))


def test_the_units_answer_is_told_to_the_sender_and_the_cases_staff(app, mailed, refer,
                                                                     as_user, mailbox):
    world = mailed.world
    accepted, declined = refer(), refer(world.dinsos, services=["social_rehabilitation"])
    as_user(world.uptd_staff).post(f"/referrals/{accepted}/accept")
    as_user(world.dinsos_staff).post(f"/referrals/{declined}/decline",
                                     data={"reason": "Kuota penuh."})
    answers = outbox(app, channel="inapp", kind="referral_answered")
    assert sorted(row.detail for row in answers) == ["accepted", "declined"]
    assert {row.user_id for row in answers} == {world.paralegal.id}
    with app.app_context():
        send_due()
    bodies = [m.get_content() for m in mailbox.to(mailed.address["paralegal"])]
    assert any("1 rujukan yang Anda kirim diterima." in body for body in bodies)
    assert any("1 rujukan yang Anda kirim ditolak." in body for body in bodies)
    assert_no_canary(app, world.case, *bodies)


def test_a_closure_waiting_for_approval_is_told_to_the_supervisors(app, mailed, refer):
    world = mailed.world
    refer()  # an open referral: closing needs a supervisor's approval
    with app.app_context():
        case = db.session.get(Case, world.case.id)
        paralegal = db.session.get(User, world.paralegal.id)
        closure.close_case(case, "needs_met", "Selesai", case.version, paralegal)
        db.session.commit()
    assert _told(app, "closure_waiting") == {world.supervisor.id}


def test_a_locked_account_is_told_to_the_admins_and_supervisors_without_naming_it(
        app, mailed, client):
    app.config.update(LOGIN_LOCK_THRESHOLD=3, LOGIN_SLOW_AFTER=10)
    for _ in range(3):
        client.post("/login", data={"username": mailed.world.paralegal.username,
                                    "password": "salah sekali"})
    rows = outbox(app, kind="account_locked")
    assert {row.user_id for row in rows} == {mailed.world.admin.id, mailed.world.supervisor.id}
    assert {row.channel for row in rows} >= {"inapp", "email"}
    assert all(mailed.world.paralegal.username not in repr(row) for row in rows)


def test_a_transfer_proposed_to_an_organisation_tells_its_case_managers_and_supervisors(
        app, mailed, make_user):
    world = mailed.world
    uptd_supervisor = make_user("supervisor", world.uptd)
    with app.app_context():
        assert notify_organisation(world.uptd.id, "transfer_proposed") == 3
        db.session.commit()
    assert _told(app, "transfer_proposed") == {world.uptd_staff.id, world.uptd_staff2.id,
                                               uptd_supervisor.id}


def test_a_change_that_rolls_back_leaves_no_notification(app, mailed, refer, as_user):
    world = mailed.world
    referral_id = refer()
    before = len(outbox(app))
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        staff = db.session.scalar(select(User).where(User.id == world.uptd_staff.id))
        accept_referral(referral, staff)
        db.session.rollback()
    assert len(outbox(app)) == before
