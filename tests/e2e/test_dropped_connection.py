"""SECURITY.md / issue 8.2: nothing typed is lost when the connection drops during a submit,
the page says so, and the same button works once the server answers again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import steps

pytestmark = pytest.mark.browser

OFFLINE = "Koneksi terputus"


def _open_filled_intake(page: Page, base: str) -> None:
    """The paralegal on the new-case page with every field filled."""
    steps.log_in(page, base, "paralegal")
    page.goto(f"{base}/cases/new")
    steps.fill_intake(page)


def _assert_everything_kept(page: Page) -> None:
    """Every text, choice and tick the paralegal gave is still on the page."""
    for name, value in steps.INTAKE.items():
        expect(page.locator(f"#{name}")).to_have_value(value)
    for name, value in steps.INTAKE_CHOICES.items():
        expect(page.locator(f"#{name}")).to_have_value(value)
    for box in ("#consent_record", "#consent_contact", "#consent_statistics",
                "input[name=forms][value=physical]", "input[name=forms][value=psychological]"):
        expect(page.locator(box)).to_be_checked()


def _submit(page: Page) -> None:
    """Press the save button of the intake form."""
    page.click("form.case-form button[type=submit]")


def _saved_after_retry(page: Page) -> None:
    """Pressing the same button again saves the case, with what was typed."""
    expect(page.locator("form.case-form button[type=submit]")).to_be_enabled()
    _submit(page)
    page.wait_for_url(steps.REFERENCE)
    expect(page.locator(".flash.success")).to_contain_text("sudah dicatat")
    expect(page.locator("#survivor")).to_contain_text(steps.INTAKE["name"])
    expect(page.locator("#incident")).to_contain_text(steps.INTAKE["narrative"])


def test_server_gone_during_submit_keeps_input(page, live_server, district, shoot):
    """The server stops answering: the form stays filled, the note shows, the retry saves."""
    _open_filled_intake(page, live_server.url)
    live_server.stop()
    _submit(page)
    expect(page.locator(".offline-note")).to_be_visible()
    expect(page.locator(".offline-note")).to_contain_text(OFFLINE)
    _assert_everything_kept(page)
    shoot(page, "offline-note")
    live_server.start()
    _saved_after_retry(page)
    shoot(page, "saved-after-retry")


def test_connection_reset_mid_request_keeps_input(page, live_server, district):
    """The POST itself is cut (connection reset) while on its way: same promise."""
    _open_filled_intake(page, live_server.url)
    cut = []

    def reset_first_post(route):
        if route.request.method == "POST" and not cut:
            cut.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(r"/cases/new$"), reset_first_post)
    _submit(page)
    expect(page.locator(".offline-note")).to_be_visible()
    assert cut, "the submit never reached the network"
    _assert_everything_kept(page)
    _saved_after_retry(page)


def test_gateway_error_keeps_input(page, live_server, district):
    """A reverse proxy answers 502 while the app restarts: the input stays, nothing is saved."""
    _open_filled_intake(page, live_server.url)
    page.route(re.compile(r"/cases/new$"), lambda route: route.fulfill(
        status=502, body="<h1>502 Bad Gateway</h1>", content_type="text/html")
        if route.request.method == "POST" else route.continue_())
    _submit(page)
    expect(page.locator(".offline-note")).to_be_visible()
    _assert_everything_kept(page)
    page.unroute(re.compile(r"/cases/new$"))
    _saved_after_retry(page)


def test_note_survives_a_dropped_connection(page, live_server, district):
    """A note typed on the case page is kept through a dropped connection, then saved once."""
    base = live_server.url
    steps.log_in(page, base, "paralegal")
    reference = steps.register_case(page, base)
    page.fill("#body", "Kunjungan rumah: penyintas aman, anak-anak bersekolah.")
    live_server.stop()
    page.click("#notes button[type=submit]")
    expect(page.locator("#notes .offline-note")).to_be_visible()
    expect(page.locator("#body")).to_have_value("Kunjungan rumah: penyintas aman, anak-anak bersekolah.")
    live_server.start()
    page.click("#notes button[type=submit]")
    page.wait_for_url(re.compile(rf"/cases/{reference}"))
    expect(page.locator("#notes .note")).to_have_count(1)
    expect(page.locator("#notes .note")).to_contain_text("anak-anak bersekolah")
