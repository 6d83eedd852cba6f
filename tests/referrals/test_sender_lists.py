"""The sender's lists of referrals, and markup typed into a referral coming back escaped."""

from __future__ import annotations

from tests.referrals.conftest import get_referral

MARKUP = "<script>alert(1)</script><b>tebal</b>"


def test_sender_tabs_sort_referrals_by_state(app, world, refer, as_user):
    declined = refer(world.dinsos, services=["social_rehabilitation"])
    waiting = refer()
    as_user(world.dinsos_staff).post(f"/referrals/{declined}/decline", data={"reason": "Penuh."})
    client = as_user(world.paralegal)
    open_tab = client.get("/referrals/?tab=open").get_data(as_text=True)
    declined_tab = client.get("/referrals/?tab=declined").get_data(as_text=True)
    assert get_referral(app, waiting).reference in open_tab
    assert get_referral(app, declined).reference not in open_tab
    assert get_referral(app, declined).reference in declined_tab
    case_list = client.get(f"/cases/{world.case.reference}/referrals").get_data(as_text=True)
    assert get_referral(app, waiting).reference in case_list
    assert get_referral(app, declined).reference in case_list


def test_markup_comes_back_escaped_everywhere(world, refer, as_user):
    referral_id = refer(reason=MARKUP)
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    pages = [staff.get(f"/referrals/{referral_id}"),
             as_user(world.paralegal).get(f"/referrals/{referral_id}"),
             as_user(world.paralegal).get(f"/referrals/{referral_id}/letter")]
    for page in pages:
        body = page.get_data(as_text=True)
        assert "<script>alert(1)" not in body and "<b>tebal</b>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
