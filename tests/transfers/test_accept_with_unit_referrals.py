"""Accepting a transfer to a unit the case was referred to: a referral changed meanwhile is a
clear refusal (never a server error), and a unit that already opened its own case of her from
such a referral is refused, so it never holds two cases of the same survivor."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from casework.cases.models import Case
from casework.extensions import db
from casework.referrals import errors as referral_errors
from casework.referrals.models import Referral, ReferralIntake
from casework.transfers import operations
from tests.referrals.conftest import referral_form
from tests.transfers.conftest import CANARIES, proposal_form, transfers_of


def _refer_to_unit(app, world, as_user) -> uuid.UUID:
    """The case's paralegal refers it to the UPTD PPA; the referral's id."""
    response = as_user(world.paralegal).post(f"/cases/{world.case.reference}/referrals/new",
                                             data=referral_form(world.uptd))
    assert response.status_code == 302
    with app.app_context():
        return db.session.scalar(select(Referral.id).where(Referral.to_org_id == world.uptd.id))


def _propose_and_accept(world, as_user):
    """Propose the case to the UPTD PPA, and accept it there; the page the unit sees."""
    as_user(world.paralegal).post(f"/cases/{world.case.reference}/transfer",
                                  data=proposal_form(world.uptd))
    transfer_id = transfers_of(world.app, world.case)[-1].id
    return as_user(world.uptd_staff).post(f"/transfers/{transfer_id}/accept",
                                          data={"assignee": str(world.uptd_staff.id)},
                                          follow_redirects=True)


def _holder(app, world) -> uuid.UUID:
    """The organisation holding the case now."""
    with app.app_context():
        return db.session.get(Case, world.case.id).organisation_id


def test_a_referral_changed_meanwhile_is_a_clear_refusal(app, world, as_user, monkeypatch):
    world.app = app
    _refer_to_unit(app, world, as_user)

    def changed_meanwhile(*_args, **_kwargs):
        raise referral_errors.ConcurrentChange()

    monkeypatch.setattr(operations, "withdraw_referral", changed_meanwhile)
    response = _propose_and_accept(world, as_user)
    assert response.status_code == 200
    assert "Orang lain baru saja mengubah pemindahan atau kasus ini" in response.get_data(
        as_text=True)
    assert transfers_of(app, world.case)[-1].status == "proposed"
    assert _holder(app, world) == world.centre.id


def test_a_unit_holding_its_own_case_of_her_is_refused(app, world, as_user):
    world.app = app
    referral_id = _refer_to_unit(app, world, as_user)
    unit = as_user(world.uptd_staff)
    unit.post(f"/referrals/{referral_id}/accept")
    assert unit.post(f"/referrals/{referral_id}/take-in",
                     data={"consent_record": "y", "consent_given_by": "survivor"}
                     ).status_code == 302
    response = _propose_and_accept(world, as_user)
    page = response.get_data(as_text=True)
    assert "dua kasus untuk penyintas yang sama" in page
    assert CANARIES["name"] not in page and world.case.reference not in page
    assert transfers_of(app, world.case)[-1].status == "proposed"
    assert _holder(app, world) == world.centre.id
    with app.app_context():
        assert len(db.session.scalars(select(ReferralIntake.id)).all()) == 1
