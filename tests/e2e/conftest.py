"""Browser fixtures: Debian's Chromium at a phone's width, the app on a live local server,
a seeded district, screenshots under test-artifacts/, and a guard against off-site requests."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask

from tests.e2e.live import LiveServer

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
PHONE = {"width": 360, "height": 740}
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, kept from calling home."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A cheap phone's screen; an English browser, to show Indonesian is the app's own default."""
    return {**browser_context_args, "viewport": PHONE, "device_scale_factor": 1,
            "is_mobile": True, "has_touch": True, "locale": "en-US"}


@pytest.fixture
def app_config() -> dict:
    """The browser sends real forms: CSRF protection stays on."""
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """The app answering HTTP on 127.0.0.1 at a free port."""
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture
def district(make_org, make_user) -> dict:
    """An NGO with its community centre, the UPTD PPA and Dukcapil, and one person per role."""
    ngo = make_org("ngo", code="sapa")
    centre = make_org("community_centre", parent=ngo, code="bale-istri")
    uptd = make_org("uptd_ppa", code="uptd-ppa", region="3204")
    dukcapil = make_org("dukcapil", code="dukcapil", region="3204")
    return {
        "orgs": {"ngo": ngo, "centre": centre, "uptd": uptd, "dukcapil": dukcapil},
        "paralegal": make_user("paralegal", centre, username="paralegal"),
        "supervisor": make_user("supervisor", ngo, username="supervisor"),
        "petugas": make_user("service_staff", uptd, username="petugas"),
        "dukcapil": make_user("service_staff", dukcapil, username="petugas-dukcapil"),
        "admin": make_user("admin", ngo, username="admin"),
    }


@pytest.fixture
def shoot(request) -> Callable:
    """shoot(page, step): a full-page screenshot, numbered in order, under test-artifacts/."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(page, step: str) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def is_local(url: str, server: LiveServer | None) -> bool:
    """Whether a request stays on the machine (the live server, or an inline data URL)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname == "127.0.0.1" and (server is None or parts.port == server.port)


@pytest.fixture
def requests_seen(context) -> list[str]:
    """Every request any page of this test made, in order."""
    seen: list[str] = []
    context.on("request", lambda req: seen.append(req.url))
    return seen


@pytest.fixture(autouse=True)
def nothing_leaves_the_machine(requests_seen: list[str], request) -> Iterator[None]:
    """After every browser test: no page asked anything of a host other than our server."""
    yield
    server = request.node.funcargs.get("live_server")
    outside = [url for url in requests_seen if not is_local(url, server)]
    assert not outside, f"requests left the server: {outside}"
