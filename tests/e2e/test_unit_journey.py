"""On a 360 px phone, the unit's side of the pathway: the UPTD PPA is told a referral waits,
accepts it and takes it into its own case management (only what she agreed to share), registers
a walk-in case of its own, and hands that case to the centre, whose paralegal accepts it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import steps

pytestmark = pytest.mark.browser
UNIT_PAGES = ("/notifications/", "/notifications/settings", "/transfers/", "/referrals/",
              "/cases/", "/cases/new", "/account")


def test_unit_is_told_and_takes_the_referral_into_its_case_management(page, live_server,
                                                                       district, shoot):
    base, uptd = live_server.url, district["orgs"]["uptd"]
    steps.log_in(page, base, "paralegal")
    reference = steps.register_case(page, base)
    referral_id = steps.refer(page, base, reference, str(uptd.id), "psychological",
                              ("identity",))
    steps.log_out(page)

    steps.log_in(page, base, "petugas")
    told = page.locator("nav a[href='/notifications/'] .badge")
    expect(told).to_have_text("1")
    page.goto(f"{base}/notifications/")
    expect(page.locator("#notifications")).to_contain_text("rujukan baru")
    expect(page.locator("#notifications")).not_to_contain_text(reference)
    shoot(page, "unit-notified")

    page.goto(f"{base}/referrals/{referral_id}")
    page.click(f"form[action$='/referrals/{referral_id}/accept'] button")
    page.wait_for_url(re.compile(rf"/referrals/{referral_id}$"))
    page.check("#take-in #consent_record")
    page.check("#take-in #consent_contact")
    page.check("#take-in #consent_statistics")
    shoot(page, "unit-take-in-form")
    steps.submit_and_wait(page, "#take-in button[type=submit]")
    expect(page.locator(".flash.success")).to_be_visible()
    page.goto(f"{base}/cases/")
    own = page.locator("a[href^='/cases/']").filter(has_text="S.R.L.").first
    own.click()
    page.wait_for_load_state()
    unit_reference = steps.REFERENCE.search(page.url).group(1)
    assert unit_reference != reference
    expect(page.locator("#survivor")).to_contain_text("Sri Rahayu Lestari")  # identity shared
    expect(page.locator("body")).not_to_contain_text("melati")  # safe contact was not
    expect(page.locator("body")).not_to_contain_text("Dipukul di rumah")  # nor the incident
    shoot(page, "unit-own-case")
    steps.assert_fits_the_phone(page)


def test_unit_registers_a_walk_in_and_hands_it_to_the_centre(page, live_server, district,
                                                             shoot):
    base, centre = live_server.url, district["orgs"]["centre"]
    steps.log_in(page, base, "petugas")
    page.goto(f"{base}/cases/new")
    expect(page.locator("#intake_channel")).to_have_value("walk_in")
    steps.fill_intake(page)
    page.select_option("#intake_channel", "hotline")
    shoot(page, "unit-new-case")
    steps.submit_and_wait(page, "form.case-form button[type=submit]")
    page.wait_for_url(steps.REFERENCE)
    reference = steps.REFERENCE.search(page.url).group(1)
    expect(page.locator("body")).to_contain_text("SAPA 129 / hotline")
    shoot(page, "unit-walk-in-registered")
    for path in (*UNIT_PAGES, f"/cases/{reference}", f"/cases/{reference}/transfer"):
        page.goto(base + path)
        steps.assert_fits_the_phone(page)

    page.goto(f"{base}/cases/{reference}/transfer")
    page.select_option("#receiver", str(centre.id))
    page.select_option("#reason", index=1)
    page.check("#consent_given")
    shoot(page, "transfer-proposal")
    steps.submit_and_wait(page, "form[data-keep-input] button[type=submit]")
    expect(page.locator(".flash.success")).to_be_visible()
    steps.log_out(page)

    steps.log_in(page, base, "paralegal")
    page.goto(f"{base}/transfers/")
    page.locator("ul.cards a[href^='/transfers/']").first.click()
    page.wait_for_url(re.compile(r"/transfers/[0-9a-f-]{36}$"))
    expect(page.locator("body")).not_to_contain_text("Sri Rahayu")  # no identity before yes
    shoot(page, "transfer-decision")
    page.click("form[action$='/accept'] button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{base}/cases/{reference}")
    expect(page.locator("#survivor")).to_contain_text("Sri Rahayu Lestari")
    shoot(page, "transfer-received")
    steps.log_out(page)

    steps.log_in(page, base, "petugas")
    assert page.goto(f"{base}/cases/{reference}").status == 404
    page.goto(f"{base}/transfers/?tab=sent")
    expect(page.locator("body")).to_contain_text(reference)
    expect(page.locator("body")).not_to_contain_text("Sri Rahayu")
    shoot(page, "transfer-sender-line")
