"""A normal install (a wheel, not editable) works end to end: `casework init` migrates (the
migrations are in the package), `casework demo --no-serve` seeds and prints logins, and the
installed app serves its templates, Indonesian translations and static files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.deploy.conftest import clean_env

# Run inside the installed venv: which casework it imports, and what its app serves.
PROBE = """
import casework
from casework import create_app
app = create_app()
client = app.test_client()
login = client.get("/login")
print(casework.__file__)
print(login.status_code, "Masuk" in login.text, "Kata sandi" in login.text)
print(client.get("/static/casework.css").status_code, client.get("/readyz").text)
"""


def _run(venv: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """A command of the installed venv, in an environment holding only the given settings."""
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], env=env, cwd="/",
                          capture_output=True, text=True, timeout=300)


def test_wheel_install_runs_init_and_demo(installed: Path, tmp_path: Path, database_url):
    """init, then demo --no-serve, from the wheel; the app then serves pages in Indonesian."""
    settings = {"CASEWORK_INSTANCE_PATH": str(tmp_path / "instance")}
    if database_url:
        settings["CASEWORK_DATABASE_URL"] = database_url
    env = clean_env(**settings)
    init = _run(installed, env, "casework", "init")
    assert init.returncode == 0, init.stderr
    assert "Casework is initialised." in init.stdout
    assert (tmp_path / "instance" / "keys.json").exists()
    demo = _run(installed, env, "casework", "demo", "--no-serve")
    assert demo.returncode == 0, demo.stderr
    assert "Demo logins" in demo.stdout and "admin" in demo.stdout
    assert "Running on" not in demo.stdout + demo.stderr
    probe = _run(installed, env, "python", "-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    where, login, assets = probe.stdout.splitlines()[-3:]
    assert where.startswith(str(installed))  # the wheel's copy, not this checkout
    assert login == "200 True True"
    assert assets == "200 ready"


def test_wheel_ships_the_migrations_and_deploy_files(installed: Path):
    """The package holds its migrations, templates, catalogue, stylesheet and unit files."""
    package = next(installed.glob("lib/python*/site-packages/casework"))
    assert (package / "migrations" / "env.py").is_file()
    assert len(list((package / "migrations" / "versions").glob("*.py"))) >= 8
    assert (package / "translations" / "id" / "LC_MESSAGES" / "messages.mo").is_file()
    assert (package / "templates" / "base.html").is_file()
    assert (package / "static" / "casework.css").is_file()
    assert (package / "deploy" / "casework-backup.timer").is_file()
