"""SECURITY.md 5: the app refuses to start without the right keyring or with unsafe settings."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time

import pytest

from casework import create_app
from casework.config import StartupRefused
from casework.crypto.errors import KeyringError
from casework.crypto.keyring import Keyring
from tests.conftest import POSTGRES_URL, SECRET


def _config(app, **extra):
    """The test app's settings with some changed."""
    config = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "KEYS_FILE")}
    config.update(TESTING=True, SECRET_KEY=SECRET, CASEWORK_ENV="test")
    config.update(extra)
    return config


def test_missing_keyring_refused(app, tmp_path):
    """No keys file: the app does not start."""
    with pytest.raises(KeyringError, match="casework init"):
        create_app(_config(app, KEYS_FILE=str(tmp_path / "absent.json")))


def test_wrong_keyring_refused(app, tmp_path):
    """Another deployment's keyring cannot open this database's canary."""
    other = tmp_path / "other.json"
    Keyring.generate().save(other)
    with pytest.raises(KeyringError, match="does not match"):
        create_app(_config(app, KEYS_FILE=str(other)))


def test_corrupt_keyring_refused(app, tmp_path):
    """A damaged keys file is refused with a clear message."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"primary": "x"}))
    with pytest.raises(KeyringError, match="not valid"):
        create_app(_config(app, KEYS_FILE=str(bad)))


@pytest.mark.parametrize("extra", [
    {"SECRET_KEY": "dev", "TESTING": False, "CASEWORK_ENV": "production"},
    {"DEBUG": True, "TESTING": False, "CASEWORK_ENV": "production"},
])
def test_unsafe_production_settings_refused(app, extra):
    """A weak SECRET_KEY or DEBUG in production stops the start."""
    with pytest.raises(StartupRefused):
        create_app(_config(app, **extra))


def test_no_key_material_in_database(app):
    """No key of the keyring appears in the database."""
    import base64

    from casework.crypto.keyring import current_keyring

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("file check on SQLite")
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    raw = open(path, "rb").read()
    with app.app_context():
        ring = current_keyring()
        keys = [*ring.data_keys.values(), ring.index_key, ring.audit_key, ring.signing_key]
    for key in keys:
        assert key not in raw and base64.b64encode(key) not in raw


def test_unmigrated_database_gets_a_clear_page(app, tmp_path, login):
    """A database with no tables gets a message saying what to run, not a traceback."""
    empty = create_app(_config(app, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'e.db'}"))
    client = empty.test_client()
    client.set_cookie("cw_session", "abc")
    response = client.get("/login")
    assert response.status_code == 503
    assert b"casework db upgrade" in response.data
    assert b"Traceback" not in response.data


REQUIRED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _assert_security_headers(response) -> None:
    """SECURITY.md 25: CSP without inline script, no framing, nosniff, no referrer."""
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name, value in REQUIRED_HEADERS.items():
        assert response.headers[name] == value
    assert response.headers["X-Request-ID"]


def test_headers_on_every_kind_of_response(app, client, login, make_user):
    """Pages, redirects, static files, 401, 404, 405 and 500 all carry the headers."""
    from casework.accounts.access import public

    @public
    def explode():
        raise RuntimeError("secret detail 3204054507900001")

    app.add_url_rule("/explode", "explode", explode)
    responses = [client.get("/login"), client.get("/cases/"), client.post("/cases/new"),
                 client.get("/static/casework.css"), client.get("/healthz"),
                 client.get("/nowhere"), client.get("/logout"), client.get("/explode")]
    login(client, make_user("paralegal"))
    responses += [client.get("/cases/"), client.get("/admin/users")]
    assert [r.status_code for r in responses] == [200, 302, 401, 200, 200, 404, 405, 500, 200, 404]
    for response in responses:
        _assert_security_headers(response)
    assert responses[-2].headers["Cache-Control"] == "no-store"


def test_unexpected_error_page_is_generic(app, client):
    """SECURITY.md 24: a crash shows a plain page with the request id, no traceback or value."""
    from casework.accounts.access import public

    @public
    def explode():
        raise RuntimeError("secret detail 3204054507900001")

    app.add_url_rule("/explode", "explode", explode)
    response = client.get("/explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] in body
    for leak in ("Traceback", "RuntimeError", "secret detail", "3204054507900001"):
        assert leak not in body


def test_short_secret_key_refused_in_production(app):
    """A short random key is still too weak for production."""
    with pytest.raises(StartupRefused):
        create_app(_config(app, SECRET_KEY="x" * 20, TESTING=False, CASEWORK_ENV="production"))


# `casework run` and `flask run` serve: they meet every refusal a WSGI server would.
CASEWORK = [sys.executable, "-m", "casework.cli"]


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """An instance made by `casework init` (its own SQLite database), and its environment."""
    folder = tmp_path_factory.mktemp("served") / "instance"
    env = {**os.environ, "CASEWORK_INSTANCE_PATH": str(folder)}
    for name in ("CASEWORK_DATABASE_URL", "CASEWORK_KEYS_FILE", "CASEWORK_KEYRING_JSON",
                 "CASEWORK_SECRET_KEY", "CASEWORK_DEBUG", "FLASK_DEBUG"):
        env.pop(name, None)
    done = subprocess.run([*CASEWORK, "init"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return folder, env


def _serve(command: list[str], env: dict, wait: float = 20) -> tuple[int | None, str]:
    """Start a serving command; (exit code, output), or (None, output) once it serves."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    output, deadline = b"", time.monotonic() + wait
    try:
        while time.monotonic() < deadline and b"Running on" not in output:
            if select.select([process.stdout], [], [], 0.2)[0]:
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:  # it ended
                    return process.wait(timeout=10), output.decode()
                output += chunk
        return None, output.decode()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the server and any reloader child it made
            process.wait(timeout=10)
        process.stdout.close()


@pytest.mark.skipif(bool(POSTGRES_URL), reason="the served instance has its own SQLite database")
@pytest.mark.parametrize("change,message", [
    ({"CASEWORK_KEYS_FILE": "absent.json"}, "No keyring at"),
    ({"CASEWORK_KEYS_FILE": "other.json"}, "does not match"),
    ({"CASEWORK_SECRET_KEY": "dev"}, "SECRET_KEY is missing or weak"),
    ({"CASEWORK_DEBUG": "true"}, "DEBUG must not be on in production"),
])
def test_run_refuses_what_create_app_refuses(instance, change, message):
    """No keyring, another's keyring, a weak SECRET_KEY or DEBUG in production: it never serves."""
    folder, env = instance
    Keyring.generate().save(folder / "other.json")
    if "CASEWORK_KEYS_FILE" in change:
        change = {"CASEWORK_KEYS_FILE": str(folder / change["CASEWORK_KEYS_FILE"])}
    code, output = _serve([*CASEWORK, "run", "--port", "0"], {**env, **change})
    assert code is not None and code != 0, output
    assert message in output and "Running on" not in output


@pytest.mark.skipif(bool(POSTGRES_URL), reason="the served instance has its own SQLite database")
@pytest.mark.parametrize("command", [
    [*CASEWORK, "--debug", "run", "--port", "0"],
    [sys.executable, "-m", "flask", "--app", "casework", "run", "--port", "0"],
])
def test_other_ways_to_serve_are_refused_too(instance, command):
    """`--debug` (with its reloader) and `flask --app casework run` with another's keyring."""
    folder, env = instance
    Keyring.generate().save(folder / "other.json")
    code, output = _serve(command, {**env, "CASEWORK_KEYS_FILE": str(folder / "other.json")})
    assert code is not None and code != 0, output
    assert "Running on" not in output


@pytest.mark.skipif(bool(POSTGRES_URL), reason="the served instance has its own SQLite database")
def test_run_serves_an_initialised_instance(instance):
    """With its own keyring and settings the instance serves."""
    _folder, env = instance
    code, output = _serve([*CASEWORK, "run", "--port", "0"], env)
    assert code is None and "Running on" in output, output


@pytest.mark.skipif(bool(POSTGRES_URL), reason="the served instance has its own SQLite database")
def test_commands_that_prepare_still_start_without_a_keyring(instance):
    """`keys status` says what is missing (no traceback); `db upgrade` runs without keys."""
    folder, env = instance
    env = {**env, "CASEWORK_KEYS_FILE": str(folder / "absent.json")}
    status = subprocess.run([*CASEWORK, "keys", "status"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert status.returncode != 0 and "casework init" in status.stderr
    assert "Traceback" not in status.stderr
    upgrade = subprocess.run([*CASEWORK, "db", "upgrade"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert upgrade.returncode == 0, upgrade.stderr


@pytest.mark.skipif(bool(POSTGRES_URL), reason="the served instance has its own SQLite database")
def test_demo_serves_after_initialising_a_new_instance(instance, tmp_path):
    """`demo` on nothing at all makes the keyring and key, then serves; with a weak key it won't."""
    _folder, env = instance
    weak = subprocess.run([*CASEWORK, "demo", "--port", "0"], env={**env, "CASEWORK_SECRET_KEY": "dev"},
                          capture_output=True, text=True, timeout=60)
    assert weak.returncode != 0 and "SECRET_KEY is missing or weak" in weak.stderr
    assert "Demo logins" not in weak.stdout
    fresh = {**env, "CASEWORK_INSTANCE_PATH": str(tmp_path / "demo")}
    code, output = _serve([*CASEWORK, "demo", "--port", "0"], fresh, wait=90)
    assert code is None and "Running on" in output, output
