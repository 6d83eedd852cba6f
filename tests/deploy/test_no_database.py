"""A command run without the service's settings finds no database: it says so, exits
non-zero and writes nothing (it used to leave an empty casework.db and die with "no such
table: audit_entry", and the NGO believed it had backups)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_URL
from tests.deploy.conftest import clean_env


def _casework(installed: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """The installed `casework`, from a shell with only the given settings."""
    return subprocess.run([str(installed / "bin" / "casework"), *args], env=env, cwd="/",
                          capture_output=True, text=True, timeout=300)


def test_nightly_backup_line_without_the_service_settings(installed: Path, tmp_path: Path):
    """The old cron line, no settings at all: refused, no database file, no backup file."""
    target = tmp_path / "cw.tar.gz"
    done = _casework(installed, clean_env(), "backup", "create", str(target))
    assert done.returncode != 0
    assert "No Casework database" in done.stderr and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists()
    assert not list(installed.glob("var/**/casework.db"))  # Flask's default instance folder


def test_other_commands_refuse_a_missing_database_too(installed: Path, tmp_path: Path):
    """`audit checkpoint` in an instance folder with no database: refused, nothing made."""
    instance = tmp_path / "instance"
    instance.mkdir()
    done = _casework(installed, clean_env(CASEWORK_INSTANCE_PATH=str(instance)),
                     "audit", "checkpoint")
    assert done.returncode != 0 and "No Casework database" in done.stderr
    assert list(instance.iterdir()) == []


@pytest.mark.skipif(not POSTGRES_URL, reason="a PostgreSQL server to be unreachable")
def test_unreachable_postgres_is_named_without_its_password(installed: Path, tmp_path: Path):
    """A database server that does not answer: a one-line reason, never the password."""
    url = "postgresql+psycopg://casework:s3cret-word@127.0.0.1:9/casework"
    done = _casework(installed, clean_env(CASEWORK_INSTANCE_PATH=str(tmp_path),
                                          CASEWORK_DATABASE_URL=url),
                     "backup", "create", str(tmp_path / "cw.tar.gz"))
    assert done.returncode != 0 and "Cannot reach the database" in done.stderr
    assert "s3cret-word" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "cw.tar.gz").exists()


@pytest.mark.skipif(not POSTGRES_URL, reason="an empty PostgreSQL database")
def test_empty_postgres_database_is_refused(installed: Path, tmp_path: Path, database_url: str):
    """A database that was never initialised (the wrong URL): refused, and left empty."""
    done = _casework(installed, clean_env(CASEWORK_INSTANCE_PATH=str(tmp_path),
                                          CASEWORK_DATABASE_URL=database_url),
                     "backup", "create", str(tmp_path / "cw.tar.gz"))
    assert done.returncode != 0 and "holds no Casework tables" in done.stderr
    engine = create_engine(database_url)
    with engine.connect() as conn:
        tables = conn.execute(text("SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_schema = 'public'")).scalar()
    engine.dispose()
    assert tables == 0 and not (tmp_path / "cw.tar.gz").exists()
