"""On a 360 px phone, in Indonesian by default: a paralegal logs in, registers a case with
consent, finds it in her list and closes it; every step is photographed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import steps

pytestmark = pytest.mark.browser
STYLED_BAR = "rgb(106, 44, 112)"  # the stylesheet was served and applied


def test_paralegal_registers_and_closes_a_case(page, live_server, district, shoot):
    """The intake part of the journey, as the paralegal sees it."""
    base = live_server.url
    page.goto(f"{base}/cases/")
    expect(page.locator("h1")).to_have_text("Masuk")  # sent to the login page, in Indonesian
    expect(page.locator("header.top")).to_have_css("background-color", STYLED_BAR)
    shoot(page, "login")

    steps.log_in(page, base, "paralegal")
    page.goto(f"{base}/cases/new")
    expect(page.locator("h1")).to_have_text("Kasus baru")
    expect(page.locator("#consent legend")).to_have_text("Persetujuan")
    shoot(page, "new-case-empty")

    reference = steps.register_case(page, base)
    expect(page.locator(".flash.success")).to_contain_text(f"Kasus {reference} sudah dicatat")
    expect(page.locator("#survivor")).to_contain_text("Sri Rahayu Lestari")
    expect(page.locator("#survivor")).to_contain_text("************0003")
    expect(page.locator("#survivor")).not_to_contain_text("3204055708900003")
    expect(page.locator("#consent")).to_contain_text("ya")
    shoot(page, "case-registered")

    page.goto(f"{base}/cases/")
    card = page.locator(f"a[href='/cases/{reference}']")
    expect(card).to_contain_text("S.R.L.")
    expect(card).not_to_contain_text("Sri Rahayu")
    shoot(page, "case-list")

    steps.close_case(page, base, reference)
    expect(page.locator(".flash.success")).to_have_text("Kasus ditutup.")
    expect(page.locator(".status")).to_have_text("Ditutup")
    shoot(page, "case-closed")


def test_nothing_is_wider_than_the_phone(page, live_server, district):
    """No page of the intake makes the reader scroll sideways at 360 px."""
    base = live_server.url
    steps.log_in(page, base, "paralegal")
    reference = steps.register_case(page, base)
    for path in ("/cases/", "/cases/new", f"/cases/{reference}", f"/cases/{reference}/edit",
                 f"/cases/{reference}/close", "/account"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"
