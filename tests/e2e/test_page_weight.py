"""Issue 8.2: the new-case page and the case page each weigh at most 60 KB (HTML, CSS and
scripts, uncompressed, with a cold cache), and every request goes to our own server."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.e2e import steps
from tests.e2e.conftest import PHONE, is_local

pytestmark = pytest.mark.browser

BUDGET = 60 * 1024


def cold_load(browser: Browser, logged_in: BrowserContext, url: str) -> tuple[int, list[str]]:
    """Load a page in a fresh context (empty cache, same login): bytes received and URLs."""
    context = browser.new_context(storage_state=logged_in.storage_state(), viewport=PHONE)
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="load")
        loaded = [r for r in responses if r.status == 200]
        return sum(len(r.body()) for r in loaded), [r.url for r in loaded]
    finally:
        context.close()


def _case_with_history(page, base: str) -> str:
    """A case as a paralegal's phone shows it after some weeks: full intake and a few notes."""
    reference = steps.register_case(page, base)
    for number in range(1, 6):
        page.fill("#body", f"Catatan kunjungan ke-{number}: penyintas ditemani kakaknya. " * 4)
        page.click("#notes button[type=submit]")
        page.wait_for_url(f"**/cases/{reference}*")
    return reference


def test_new_case_and_case_page_under_budget(browser, context, page, live_server, district):
    """Both pages, everything they pull in included, stay under 60 KB and on our server."""
    base = live_server.url
    steps.log_in(page, base, "paralegal")
    reference = _case_with_history(page, base)
    for path in ("/cases/new", f"/cases/{reference}"):
        weight, urls = cold_load(browser, context, base + path)
        assert {"casework.css", "casework.js"} <= {url.rsplit("/", 1)[-1] for url in urls}, urls
        assert weight <= BUDGET, f"{path} weighs {weight} bytes"
        assert all(is_local(url, live_server) for url in urls), urls


def test_cold_load_counts_every_asset(browser, context, page, live_server, district):
    """The measure itself: the page's bytes include its stylesheet and script in full."""
    base = live_server.url
    steps.log_in(page, base, "paralegal")
    css = page.request.get(f"{base}/static/casework.css").body()
    js = page.request.get(f"{base}/static/casework.js").body()
    html = page.request.get(f"{base}/cases/new").body()
    weight, _urls = cold_load(browser, context, f"{base}/cases/new")
    assert weight >= len(css) + len(js) + len(html) - 200  # the csrf token varies a little
