"""Decline, withdrawal, completion and consent withdrawal end the unit's access at once."""

from __future__ import annotations

import pytest

from casework.i18n import local_today
from tests.referrals.conftest import get_referral

ENDED_MESSAGE = "no longer has access"


def _unit_is_refused(client, referral_id) -> None:
    """The next GET and POST of the unit are refused, and no survivor data is shown."""
    client.set_cookie("cw_lang", "en")
    response = client.get(f"/referrals/{referral_id}")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Siti Aminah" not in body and "melati" not in body
    service = {"service_type": "psychological", "delivered_on": local_today().isoformat(),
               "outcome": "provided"}
    assert client.post(f"/referrals/{referral_id}/services", data=service).status_code == 404


def test_decline_ends_access(app, world, refer, as_user):
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    assert staff.get(f"/referrals/{referral_id}").status_code == 200
    staff.post(f"/referrals/{referral_id}/decline", data={"reason": "Di luar wilayah kami."})
    assert get_referral(app, referral_id).status == "declined"
    _unit_is_refused(staff, referral_id)
    sender_page = as_user(world.paralegal).get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "Di luar wilayah kami." in sender_page


@pytest.mark.parametrize("accepted_first", [False, True])
def test_withdrawal_by_the_sender_ends_access(app, world, refer, as_user, accepted_first):
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    if accepted_first:
        staff.post(f"/referrals/{referral_id}/accept")
    staff.get(f"/referrals/{referral_id}")
    response = as_user(world.paralegal).post(f"/referrals/{referral_id}/withdraw",
                                             data={"reason": "Sudah ditangani."})
    assert response.status_code == 302
    assert get_referral(app, referral_id).status == "withdrawn"
    _unit_is_refused(staff, referral_id)


def test_consent_withdrawal_ends_access_and_the_referral(app, world, refer, as_user):
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    response = as_user(world.paralegal).post(f"/referrals/{referral_id}/consent-withdrawal",
                                             data={"confirm": "y"})
    assert response.status_code == 302
    state = get_referral(app, referral_id)
    assert not state.consent_active and state.status == "withdrawn"
    assert state.transitions[-1] == ("accepted", "withdrawn")
    _unit_is_refused(staff, referral_id)


def test_completion_ends_access_but_the_inbox_keeps_a_line(app, world, refer, as_user):
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    staff.post(f"/referrals/{referral_id}/complete", data={"note": "Selesai."})
    _unit_is_refused(staff, referral_id)
    closed = staff.get("/referrals/?tab=closed").get_data(as_text=True)
    assert get_referral(app, referral_id).reference in closed
    assert f"/referrals/{referral_id}" not in closed


def test_the_unit_is_told_its_access_ended(world, refer, as_user):
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    as_user(world.paralegal).post(f"/referrals/{referral_id}/withdraw", data={})
    staff.set_cookie("cw_lang", "en")
    body = staff.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert ENDED_MESSAGE in body or "tidak lagi memiliki akses" in body
