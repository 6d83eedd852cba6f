"""The sender's side of the navigation counts the units' answers she has not seen yet: a
referral accepted or declined since she last opened her referrals."""

from __future__ import annotations

import re


def _referrals_badge(client) -> str | None:
    """The count shown beside "Rujukan" in the navigation of her case list, if any."""
    page = client.get("/cases/").get_data(as_text=True)
    found = re.search(r'href="/referrals/"[^>]*>Rujukan <span class="badge">(\d+)</span>', page)
    return found.group(1) if found else None


def test_an_answer_is_counted_until_she_looks(world, as_user, refer):
    """The unit accepts: her badge shows 1; once she opens her referrals it is gone."""
    referral_id = refer()
    paralegal = as_user(world.paralegal)
    assert _referrals_badge(paralegal) is None
    as_user(world.uptd_staff).post(f"/referrals/{referral_id}/accept")
    paralegal = as_user(world.paralegal)
    assert _referrals_badge(paralegal) == "1"
    assert paralegal.get("/referrals/").status_code == 200
    assert _referrals_badge(paralegal) is None


def test_a_decline_is_counted_too(world, as_user, refer):
    """A declined referral is news for the sender as much as an accepted one."""
    referral_id = refer()
    as_user(world.uptd_staff).post(f"/referrals/{referral_id}/decline",
                                   data={"reason": "Di luar wilayah kami."})
    assert _referrals_badge(as_user(world.paralegal)) == "1"
