"""Issue 16.2: a wrong keys file swapped in while gunicorn serves is refused, and a worker that
dies and is forked again afterwards still serves with the keys the master loaded (--preload, as
docs/deployment.md runs it): the bad file never takes the whole server down."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from casework.crypto.keyring import Keyring
from tests.conftest import SECRET
from tests.resilience.conftest import new_session_token
from tests.resilience.http import Staff
from tests.resilience.test_worker_killed import free_port, worker_pids


def _start(app, instance: Path, port: int) -> subprocess.Popen:
    """gunicorn --preload with one worker on the test's database and keys file."""
    instance.mkdir(mode=0o700)
    env = {**os.environ, "CASEWORK_INSTANCE_PATH": str(instance),
           "CASEWORK_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CASEWORK_KEYS_FILE": app.config["KEYS_FILE"], "CASEWORK_SECRET_KEY": SECRET}
    command = [sys.executable, "-m", "gunicorn", "--preload", "--workers", "1",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "casework:create_app()"]
    return subprocess.Popen(command, env=env, cwd=str(Path(__file__).resolve().parents[2]))


def _until(check, seconds: float = 30):
    """Poll until check() answers something true (gunicorn starting or forking a worker)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("gave up waiting")


def test_a_refused_keys_file_does_not_stop_a_reforked_worker(app, tmp_path, make_user, make_case):
    """Swap in another deployment's keys, kill the worker: the new one opens the case page."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal, name="Tetap Terbaca")
    port = free_port()
    server = _start(app, tmp_path / "instance", port)
    try:
        staff = Staff(f"http://127.0.0.1:{port}", app.config["AUTH_COOKIE_NAME"],
                      new_session_token(app, paralegal))
        _until(lambda: staff.get("/healthz").status == 200)
        path = app.config["KEYS_FILE"]
        Keyring.generate().save(path)
        stamp = os.stat(path)
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
        assert staff.get(f"/cases/{case.reference}").status == 200  # refused at run time
        old = _until(lambda: worker_pids(server.pid))
        os.kill(old[0], signal.SIGKILL)
        _until(lambda: (pids := worker_pids(server.pid)) and pids != old and pids)
        page = _until(lambda: staff.get(f"/cases/{case.reference}"))
        assert server.poll() is None, "gunicorn stopped"
        assert page.status == 200 and b"Tetap Terbaca" in page.body
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
