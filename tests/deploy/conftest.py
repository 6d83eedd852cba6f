"""An installed Casework: the wheel built from this tree, installed (no network, no
dependencies fetched) into a fresh virtual environment that borrows the test
environment's dependencies; and a service's settings made by `casework deploy install`."""

from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_URL

SOURCE = Path(__file__).resolve().parents[2]
SHIPPED = ("casework", "migrations", "setup.py", "pyproject.toml", "README.md")
# What systemd gives a service besides its unit's settings.
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _build_venv(folder: Path) -> Path:
    """Build the wheel from a copy of the tree and install it into a new venv."""
    source, dist, venv = folder / "src", folder / "dist", folder / "venv"
    source.mkdir()
    for name in SHIPPED:
        if (SOURCE / name).is_dir():
            shutil.copytree(SOURCE / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(SOURCE / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-w", str(dist), str(source)], check=True, timeout=300, cwd=folder)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], check=True, capture_output=True, text=True).stdout
    # A plain path line: the test environment's packages are reachable, but its .pth files
    # (an editable install of this checkout among them) are not run.
    Path(purelib.strip(), "test-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(dist.glob("casework-*.whl"))
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", "--no-index",
                    str(wheel)], check=True, timeout=300)
    return venv


@pytest.fixture(scope="session")
def installed(tmp_path_factory, worker_id: str) -> Path:
    """The venv with the wheel installed, built once for all xdist workers of the run (their
    temporary folders share this run's parent; without xdist the run has its own)."""
    base = tmp_path_factory.getbasetemp()
    shared = (base if worker_id == "master" else base.parent) / "casework-wheel"
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "build" / "venv"
        if not (done / "bin" / "casework").exists():
            shutil.rmtree(shared / "build", ignore_errors=True)
            (shared / "build").mkdir()
            _build_venv(shared / "build")
        return done


def clean_env(**settings: str) -> dict[str, str]:
    """An environment with nothing of the test run's (no PYTHONPATH, no CASEWORK_*)."""
    return {"PATH": SYSTEMD_PATH, "LANG": "C.UTF-8", "HOME": "/", **settings}


@pytest.fixture(scope="module")
def database_url(worker_id: str) -> Iterator[str | None]:
    """A new empty PostgreSQL database for the installed service (None on SQLite)."""
    if not POSTGRES_URL:
        yield None
        return
    base, _, name = POSTGRES_URL.rpartition("/")
    fresh = f"{name}_{worker_id}_svc_{uuid.uuid4().hex[:6]}"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{fresh}"'))
    yield f"{base}/{fresh}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)'))
    admin.dispose()


@dataclass
class Service:
    """A machine set up by `casework deploy install`, all under one test folder."""

    venv: Path
    root: Path

    @property
    def env_file(self) -> Path:
        """The settings file every unit names."""
        return self.root / "etc" / "casework.env"

    @property
    def units(self) -> Path:
        """Where the units went."""
        return self.root / "systemd"

    @property
    def command(self) -> Path:
        """The `casework` command that runs as the service."""
        return self.root / "bin" / "casework"

    @property
    def backups(self) -> Path:
        """The nightly backups' folder."""
        return self.root / "backups"

    @property
    def instance(self) -> Path:
        """The instance folder."""
        return self.root / "instance"

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        """`casework ARGS` through the installed command, from a shell holding none of it."""
        return subprocess.run([str(self.command), *args], env=clean_env(), input=stdin,
                              capture_output=True, text=True, timeout=300, cwd="/")


@pytest.fixture(scope="module")
def service(installed: Path, tmp_path_factory, database_url: str | None) -> Service:
    """`casework deploy install` into a test folder, as the current user, then `casework init`
    (once per test module: each takes seconds)."""
    machine = Service(installed, tmp_path_factory.mktemp("service"))
    user = pwd.getpwuid(os.getuid()).pw_name
    args = [str(installed / "bin" / "casework"), "deploy", "install", "--user", user,
            "--venv", str(installed), "--instance", str(machine.instance),
            "--env-file", str(machine.env_file), "--backup-dir", str(machine.backups),
            "--unit-dir", str(machine.units), "--bin-dir", str(machine.command.parent)]
    if database_url:
        args += ["--database-url", database_url]
    done = subprocess.run(args, env=clean_env(), capture_output=True, text=True, timeout=120,
                          cwd="/")
    assert done.returncode == 0, done.stderr
    init = machine.run("init")
    assert init.returncode == 0, init.stderr
    return machine
