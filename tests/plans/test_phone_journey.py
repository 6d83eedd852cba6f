"""On a 360 px phone with CSRF on: the paralegal assesses, writes a safety plan, prints it and
plans an action; no page of case management is wider than the phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from casework.i18n import local_today
from tests.e2e import steps
from tests.e2e.conftest import (  # noqa: F401
    app_config,
    browser_context_args,
    browser_type_launch_args,
    district,
    live_server,
)

pytestmark = pytest.mark.browser


def test_plan_journey_fits_the_phone(page, live_server, district):  # noqa: F811
    """Each step is done through the page; every page fits 360 px."""
    base = live_server.url
    steps.log_in(page, base, "paralegal")
    reference = steps.register_case(page, base)
    page.goto(f"{base}/cases/{reference}/assessment")
    page.select_option("#safety_urgency", "urgent")
    page.fill("#safety_note", "Ancaman dari suami")
    page.select_option("#risk_level", "high")
    page.click("form[data-keep-input] button[type=submit]")
    page.wait_for_url(f"{base}/cases/{reference}*")
    expect(page.locator(".flash.success")).to_have_text("Asesmen disimpan.")

    page.goto(f"{base}/cases/{reference}/safety-plan")
    page.fill("#safe_places", "Rumah bibi")
    page.click("form.case-form button[type=submit]")
    expect(page.locator(".flash.success")).to_have_text("Rencana keselamatan disimpan.")

    page.goto(f"{base}/cases/{reference}/goals/new")
    page.select_option("#area", "legal")
    page.fill("#description", "Laporan ke polisi")
    page.click("form[data-keep-input] button[type=submit]")
    page.click("text=+ Tambah tindakan")
    page.fill("#description", "Dampingi ke Unit PPA")
    page.fill("#due_on", (local_today() + timedelta(days=3)).isoformat())
    page.click("form[data-keep-input] button[type=submit]")
    expect(page.locator(".flash.success")).to_have_text("Tindakan ditambahkan.")

    page.goto(f"{base}/cases/{reference}")
    assert _sections_right(page) <= 360  # the case page's other sections belong to others
    for path in ("/assessment", "/safety-plan", "/safety-plan/print", "/followups",
                 "/services", "/goals/new", "/close"):
        page.goto(f"{base}/cases/{reference}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide: {_widest(page)}"
    page.goto(f"{base}/agenda")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _widest(page) -> str:
    """The deepest elements reaching past the phone's edge, to name the culprit."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 361)
        .slice(-4).map(e => e.tagName + '.' + e.className + '#' + e.id).join(' ')""")


def _sections_right(page) -> float:
    """How far right anything in the plan's sections of the case page reaches."""
    return page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '#plan *, #safety-plan *, #action-plan *, #followups *, #services *, #assignment *')]
        .map(e => e.getBoundingClientRect().right))""")
