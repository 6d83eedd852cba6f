"""SECURITY.md 29, issue 8.4: gunicorn workers killed with SIGKILL while clients register,
edit and annotate cases leave no half-written case and no change without its audit entry;
every save a client was told about is there, and the server keeps serving."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import SECRET, case_data
from tests.resilience.conftest import new_session_token
from tests.resilience.http import Staff, form_data, form_version
from tests.resilience.ledger import chain_problem, half_written_cases, unaudited_changes

WRITERS = 4


def fresh_survivor(number: int) -> dict:
    """Intake data of a survivor nobody has registered yet (so no duplicate warning)."""
    serial = secrets.randbelow(9999) + 1
    return case_data(name=f"Penulis {number}", nik=f"32040545079{number % 10}{serial:04d}",
                     phone=f"+62812{secrets.randbelow(10**8):08d}")
KILLS = 2


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(app, instance: Path, port: int) -> subprocess.Popen:
    """gunicorn with 2 sync workers on the test's database and keys, as production runs it."""
    instance.mkdir(mode=0o700, exist_ok=True)  # start-up refuses a folder others may read
    env = {**os.environ, "CASEWORK_INSTANCE_PATH": str(instance),
           "CASEWORK_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CASEWORK_KEYS_FILE": app.config["KEYS_FILE"], "CASEWORK_SECRET_KEY": SECRET}
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
               "--graceful-timeout", "2", "--log-level", "warning", "casework:create_app()"]
    server = subprocess.Popen(command, env=env, cwd=str(Path(__file__).resolve().parents[2]))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Staff(f"http://127.0.0.1:{port}", "x", "y").get("/healthz").status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn did not start")


def worker_pids(master: int) -> list[int]:
    """The master's children: its workers."""
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()]


class Writers:
    """Clients registering, editing and annotating cases until told to stop."""

    def __init__(self, staff: list[Staff]) -> None:
        self.staff = staff
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.confirmed: list[str] = []  # references whose creation the client saw succeed
        self.cut = 0  # requests that died with their worker
        self.statuses: list[int] = []
        self.in_flight = 0

    def _note(self, status: int, reference: str = "") -> None:
        with self.lock:
            self.statuses.append(status)
            if reference:
                self.confirmed.append(reference)

    def _round(self, staff: Staff, number: int) -> None:
        """Register a case, then edit it and add a note to it."""
        self._note(staff.get("/cases/new").status)
        created = staff.post("/cases/new", form_data(fresh_survivor(number)))
        if created.status != 302:
            self._note(created.status)
            return
        reference = created.location.rstrip("/").rsplit("/", 1)[-1]
        self._note(302, reference)
        opened = staff.get(f"/cases/{reference}/edit")
        self._note(opened.status)
        edited = staff.post(f"/cases/{reference}/edit", form_data(
            {**fresh_survivor(number), "version": form_version(opened.body)}))
        self._note(edited.status)
        self._note(staff.post(f"/cases/{reference}/notes", {"body": "Catatan"}).status)

    def run(self, staff: Staff) -> None:
        """Work until stopped; a request cut by a dying worker is counted, not fatal."""
        number = 0
        while not self.stop.is_set():
            number += 1
            with self.lock:
                self.in_flight += 1
            try:
                self._round(staff, number)
            except (ConnectionError, OSError, AssertionError):
                with self.lock:
                    self.cut += 1
            finally:
                with self.lock:
                    self.in_flight -= 1

    def wait_for(self, condition, seconds: float = 60) -> None:
        """Wait until the condition holds (the machine may be slow), or fail."""
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, "the writers made no progress"
            time.sleep(0.05)

    def kill_a_busy_worker(self, master: int) -> int:
        """Once the server has saved something new and clients are waiting, SIGKILL a worker."""
        saved = len(self.confirmed)
        self.wait_for(lambda: len(self.confirmed) > saved and self.in_flight >= len(self.staff))
        time.sleep(0.05)  # into the middle of the next requests
        victim = worker_pids(master)[0]
        os.kill(victim, signal.SIGKILL)
        return victim


@pytest.mark.slow
def test_sigkill_mid_write_leaves_no_half_case(app, tmp_path, make_user, make_org):
    """Kill a busy worker twice; then check every row against the access log."""
    paralegal = make_user("paralegal", make_org("community_centre"))
    port = free_port()
    server = start_gunicorn(app, tmp_path / "instance", port)
    base = f"http://127.0.0.1:{port}"
    writers = Writers([Staff(base, app.config["AUTH_COOKIE_NAME"], new_session_token(app, paralegal))
                       for _ in range(WRITERS)])
    threads = [threading.Thread(target=writers.run, args=(s,)) for s in writers.staff]
    killed = []
    try:
        for thread in threads:
            thread.start()
        for _ in range(KILLS):
            killed.append(writers.kill_a_busy_worker(server.pid))
        after_kills = len(writers.confirmed)
        writers.wait_for(lambda: len(writers.confirmed) >= after_kills + 2)  # serving again
        writers.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert Staff(base, "x", "y").get("/healthz").status == 200  # still serving
        replaced = worker_pids(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert not set(killed) & set(replaced) and len(replaced) == 2
    assert writers.cut >= 1, "no request was in flight when its worker died"
    assert 500 not in writers.statuses
    assert half_written_cases(app) == []
    assert unaudited_changes(app) == []
    assert chain_problem(app) == ""
    _every_confirmed_case_is_there(app, writers.confirmed)


def _every_confirmed_case_is_there(app, references: list[str]) -> None:
    """A save the client was told about survived the kills."""
    from sqlalchemy import select

    from casework.cases.models import Case
    from casework.extensions import db

    with app.app_context():
        stored = set(db.session.scalars(select(Case.reference)))
    assert set(references) <= stored
