"""SECURITY.md 1 on PostgreSQL: a `pg_dump` of the database holds none of a survivor's values."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL
from tests.crypto.test_data_at_rest import CANARIES

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="SQLite's files are read in test_data_at_rest")


def _pg_dump() -> str:
    """The pg_dump binary: from CASEWORK_PG_BIN, else on PATH, else PostgreSQL's own folder."""
    folder = os.environ.get("CASEWORK_PG_BIN")
    if folder:
        return os.path.join(folder, "pg_dump")
    found = shutil.which("pg_dump") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), reverse=True)), None)
    if found is None:
        pytest.fail("pg_dump is needed for SECURITY.md 1: install it or set CASEWORK_PG_BIN")
    return found


def _dump(url: str) -> bytes:
    """A plain-text dump of the whole database (schema and rows)."""
    parts = make_url(url)
    command = [_pg_dump(), "--no-owner", "-h", parts.host or "localhost",
               "-p", str(parts.port or 5432), "-U", parts.username or "postgres", "-d", parts.database]
    env = {**os.environ, "PGPASSWORD": parts.password or ""}
    done = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


def test_canaries_absent_from_pg_dump(app, make_user, make_case):
    """The survivor's case is in the dump, but none of her strings, plain or as bytes."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal, **CANARIES)
    dump = _dump(app.config["SQLALCHEMY_DATABASE_URI"])
    assert case.reference.encode() in dump, "the dump should hold the case"
    for value in CANARIES.values():
        assert value.encode() not in dump
        assert value.encode("utf-16-le") not in dump
        assert value.encode().hex().encode() not in dump  # how a dump writes a bytea value
    assert b"Kanari" not in dump
