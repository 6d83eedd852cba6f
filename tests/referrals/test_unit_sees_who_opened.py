"""Service staff see who opened their referrals (issue 5, item 5): the unit's referral page lists
the access-log entries about that referral, newest first, with names of staff; never a value."""

from __future__ import annotations

from tests.conftest import case_data


def _panel(page: str) -> str:
    """The page's "who opened this referral" section."""
    start = page.index('id="access-history"')
    return page[start:page.index("</section>", start)]


def test_the_unit_sees_who_opened_the_referral(app, world, refer, as_user):
    """The sender's referral and the colleague's look, newest first, in words."""
    referral_id = refer()
    as_user(world.uptd_staff2).get(f"/referrals/{referral_id}")
    page = as_user(world.uptd_staff).get(f"/referrals/{referral_id}").get_data(as_text=True)
    panel = _panel(page)
    assert "Siapa yang membuka rujukan ini" in panel
    assert world.uptd_staff2.username in panel and "Melihat" in panel
    assert world.paralegal.username in panel and "Merujuk" in panel
    assert panel.index(world.uptd_staff2.username) < panel.index(world.paralegal.username)


def test_only_entries_about_this_referral(app, world, refer, as_user):
    """Another unit's work on another referral of the same case stays off the page."""
    referral_id = refer()
    other = refer(world.dinsos, services=["shelter"])
    as_user(world.dinsos_staff).get(f"/referrals/{other}")
    panel = _panel(as_user(world.uptd_staff).get(f"/referrals/{referral_id}").get_data(as_text=True))
    assert world.dinsos_staff.username not in panel


def test_the_list_holds_no_survivor_value(app, world, refer, as_user):
    """Once accepted the page shows her shared details; the list still names only staff."""
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    panel = _panel(staff.get(f"/referrals/{referral_id}").get_data(as_text=True))
    assert "Menerima rujukan" in panel
    for value in ("Siti Aminah", "melati", "+6281298765432", case_data()["nik"],
                  "Kejadian di rumah", "Butuh konseling"):
        assert value not in panel


def test_no_list_once_the_unit_may_not_see_the_referral(app, world, refer, as_user):
    """After the unit declines, its page and the list are gone."""
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/decline", data={"reason": "Di luar wilayah kami."})
    page = staff.get(f"/referrals/{referral_id}")
    assert page.status_code == 404 and 'id="access-history"' not in page.get_data(as_text=True)
    assert world.paralegal.username not in page.get_data(as_text=True)
