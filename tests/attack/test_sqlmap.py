"""SECURITY.md 26, issue 8.5: sqlmap (--batch) against the login form and the search form finds
nothing injectable. Its exit code is 0 either way, so its output is read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL
from tests.e2e.live import LiveServer
from tests.resilience.conftest import new_session_token

pytestmark = pytest.mark.slow

NOT_INJECTABLE = "all tested parameters do not appear to be injectable"
INJECTABLE = ("is vulnerable", "appears to be injectable", "identified the following injection")


def sqlmap_command() -> list[str] | None:
    """How to run sqlmap here (its console script, or the module of the pip package)."""
    found = shutil.which("sqlmap") or str(Path(sys.executable).with_name("sqlmap"))
    return [found] if Path(found).exists() else None


@pytest.fixture
def app_config() -> dict:
    """Let every payload reach the login code instead of the brute-force throttle."""
    return {"LOGIN_SLOW_AFTER": 10**6, "LOGIN_LOCK_THRESHOLD": 10**6}


@pytest.fixture
def live_server(app):
    """The app over real HTTP for sqlmap."""
    server = LiveServer(app).start()
    yield server
    server.stop()


def run_sqlmap(url: str, data: str, output: Path, *extra: str) -> str:
    """A short sqlmap run (level 1, risk 1, boolean/error/UNION tests) and its output."""
    command = sqlmap_command()
    if command is None:
        pytest.skip("sqlmap is not installed (pip install sqlmap, in the test extras)")
    dbms = "PostgreSQL" if POSTGRES_URL else "SQLite"
    try:
        finished = subprocess.run(
            [*command, "-u", url, "--data", data, "--batch", "--level", "1", "--risk", "1",
             "--threads", "2", "--technique", "BEU", "--dbms", dbms, "--flush-session",
             "--disable-coloring", "--output-dir", str(output), "--timeout", "10", *extra],
            capture_output=True, text=True, timeout=150)
    except subprocess.TimeoutExpired:
        pytest.fail("sqlmap did not finish in time")
    return finished.stdout + finished.stderr


def assert_nothing_injectable(output: str, parameters: tuple[str, ...]) -> None:
    """sqlmap reached the parameters, tested them, and found nothing."""
    for parameter in parameters:
        assert f"parameter '{parameter}'" in output, f"sqlmap never tested {parameter}:\n{output[-3000:]}"
    assert not [line for line in output.splitlines() if any(w in line for w in INJECTABLE)], output
    assert NOT_INJECTABLE in output, output[-3000:]


def test_login_form_not_injectable(live_server, district_for_sqlmap, tmp_path):
    """The user name and password of the login form."""
    output = run_sqlmap(f"{live_server.url}/login", "username=paralegal&password=tebakan",
                        tmp_path / "sqlmap-login")
    assert_nothing_injectable(output, ("username", "password"))


def test_search_form_not_injectable(app, live_server, district_for_sqlmap, tmp_path):
    """The search box, as a logged-in paralegal who has cases to find."""
    token = new_session_token(app, district_for_sqlmap)
    cookie = f"{app.config['AUTH_COOKIE_NAME']}={token}"
    output = run_sqlmap(f"{live_server.url}/search", "q=3204055708900003",
                        tmp_path / "sqlmap-search", "--cookie", cookie, "-p", "q")
    assert_nothing_injectable(output, ("q",))


@pytest.fixture
def district_for_sqlmap(make_user, make_case):
    """A paralegal with two cases, so a query that matched more would show."""
    paralegal = make_user("paralegal", username="paralegal")
    make_case(paralegal)
    make_case(paralegal, name="Dewi Lestari", nik="3204056203880002", phone="+6281311112222")
    return paralegal
