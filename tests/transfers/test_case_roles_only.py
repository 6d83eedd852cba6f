"""Transfers are for the staff who work cases and their supervisors: staff of a unit that holds
no cases (Dukcapil, police, health, legal aid) get no menu entry and the login gate refuses
them; at a unit, only the staff who read the referral take it in, not a paralegal there."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.referrals.models import Referral, ReferralIntake
from tests.referrals.conftest import referral_form


def test_dukcapil_staff_have_no_transfers_entry_and_are_refused(app, world, as_user, make_user):
    staff = make_user("service_staff", world.dukcapil)
    client = as_user(staff)
    assert 'href="/transfers/"' not in client.get("/").get_data(as_text=True)
    assert client.get("/transfers/").status_code == 404  # the gate's answer to a GET
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.object_type).where(
            AuditEntry.actor_id == staff.id, AuditEntry.action == "denied")) == "endpoint"


def test_unit_staff_at_a_case_holding_unit_keep_the_entry(world, as_user):
    client = as_user(world.uptd_staff)
    assert 'href="/transfers/"' in client.get("/").get_data(as_text=True)
    assert client.get("/transfers/").status_code == 200


def test_a_unit_paralegal_who_cannot_read_the_referral_cannot_take_it_in(
        app, world, as_user, make_user):
    sender = as_user(world.paralegal)
    assert sender.post(f"/cases/{world.case.reference}/referrals/new",
                       data=referral_form(world.uptd)).status_code == 302
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id).where(
            Referral.to_org_id == world.uptd.id))
    as_user(world.uptd_staff).post(f"/referrals/{referral_id}/accept")
    unit_paralegal = as_user(make_user("paralegal", world.uptd))
    assert unit_paralegal.get(f"/referrals/{referral_id}").status_code == 404
    response = unit_paralegal.post(f"/referrals/{referral_id}/take-in",
                                   data={"consent_record": "y", "consent_given_by": "survivor"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(ReferralIntake.id)) is None
