"""Measure a seeded instance under gunicorn (2 workers) with wrk, against /healthz of the same
server in the same run: throughput ratio, p95 latency at 4 clients, worker memory.

    python benchmarks/run_load.py --instance /tmp/cw_bench [--seconds 10] [--connections 4]

Sessions are opened through the app's own session code (as after a login with the second
factor done), so wrk measures pages, not argon2. Prints a Markdown table for README.md.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import click
from sqlalchemy import select

from casework import create_app
from casework.accounts.models import User
from casework.accounts.sessions import start_session
from casework.cases.models import Case, CaseAssignment, Survivor
from casework.extensions import db

HERE = Path(__file__).resolve().parent
LUA = HERE / "wrk_session.lua"
RESULT = re.compile(r"CW_RESULT (.*)")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Target:
    """One thing to measure: a path as some user, optionally a POSTed form."""

    label: str
    path: str
    cookie: str = ""
    body: str = ""


@dataclass
class Figures:
    """What wrk reported for one target."""

    label: str
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def instance_env(instance: Path) -> dict[str, str]:
    """The environment gunicorn and the app read their configuration from."""
    return {**os.environ, "CASEWORK_INSTANCE_PATH": str(instance),
            "CASEWORK_DATABASE_URL": (instance / "database_url").read_text(),
            "CASEWORK_KEYS_FILE": str(instance / "keys.json"),
            "CASEWORK_SECRET_KEY": (instance / "secret_key").read_text()}


def start_server(instance: Path, port: int, workers: int) -> subprocess.Popen:
    """gunicorn with sync workers, as docs/deployment.md runs it."""
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
               f"127.0.0.1:{port}", "--log-level", "warning", "casework:create_app()"]
    server = subprocess.Popen(command, env=instance_env(instance))
    for _ in range(150):
        try:
            if fetch(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def fetch(port: int, path: str, cookie: str = "", body: str = "") -> tuple[int, str, list[str]]:
    """One request: status, body text and the cookies set."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request("POST" if body else "GET", path, body=body or None, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", errors="replace")
    cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
    connection.close()
    return response.status, text, cookies


def sessions(instance: Path) -> dict:
    """Session cookies for the supervisor and one paralegal, and a case and NIK of hers."""
    app = create_app({**_config(instance)})
    with app.app_context():
        supervisor = db.session.scalar(select(User).where(User.username == "bench-supervisor"))
        paralegal = db.session.scalar(select(User).where(User.username == "bench-paralegal-0"))
        case = db.session.scalar(select(Case).join(CaseAssignment).where(
            CaseAssignment.user_id == paralegal.id).order_by(Case.created_at.desc()).limit(1))
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == case.id))
        name = app.config["AUTH_COOKIE_NAME"]
        found = {"supervisor": f"{name}={start_session(supervisor, mfa_verified=True)}",
                 "paralegal": f"{name}={start_session(paralegal, mfa_verified=True)}",
                 "reference": case.reference, "nik": survivor.nik}
        db.session.commit()
    return found


def _config(instance: Path) -> dict:
    """The instance's settings as a mapping for create_app."""
    env = instance_env(instance)
    return {"SECRET_KEY": env["CASEWORK_SECRET_KEY"], "KEYS_FILE": env["CASEWORK_KEYS_FILE"],
            "SQLALCHEMY_DATABASE_URI": env["CASEWORK_DATABASE_URL"], "CASEWORK_ENV": "benchmark"}


def search_target(port: int, cookie: str, nik: str) -> Target:
    """A NIK search as the search form posts it (query in the body, CSRF token included)."""
    status, page, cookies = fetch(port, "/search", cookie)
    if status != 200:
        raise SystemExit(f"/search answered {status}")
    full_cookie = "; ".join([cookie, *cookies])
    token = CSRF.search(page).group(1)
    return Target("NIK search (paralegal)", "/search", full_cookie,
                  urlencode({"csrf_token": token, "q": nik}))


def targets(port: int, found: dict) -> list[Target]:
    """The pages the issue names, each checked to answer 200 before it is measured."""
    sup, par = found["supervisor"], found["paralegal"]
    chosen = [
        Target("hello world (/healthz)", "/healthz"),
        Target("case list (supervisor, all cases)", "/cases/", sup),
        Target("case list (paralegal, her cases)", "/cases/", par),
        Target("case page (paralegal)", f"/cases/{found['reference']}", par),
        search_target(port, par, found["nik"]),
        Target("reports page (supervisor)", "/reports/", sup),
        Target("hello world again (/healthz)", "/healthz"),
    ]
    for target in chosen:
        status, _text, _cookies = fetch(port, target.path, target.cookie, target.body)
        if status != 200:
            raise SystemExit(f"{target.label}: {target.path} answered {status}")
    return chosen


def run_wrk(port: int, target: Target, seconds: int, connections: int) -> Figures:
    """wrk with 2 threads for the given time; figures from the Lua summary."""
    env = {**os.environ, "CW_COOKIE": target.cookie, "CW_BODY": target.body}
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(LUA),
               f"http://127.0.0.1:{port}{target.path}"]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    values = dict(pair.split("=") for pair in RESULT.search(output).group(1).split())
    numbers = {key: int(value) for key, value in values.items()}
    return Figures(target.label, numbers["requests"] / (numbers["duration_us"] / 1e6),
                   numbers["p50_us"] / 1000, numbers["p95_us"] / 1000, numbers["p99_us"] / 1000,
                   numbers["non2xx"] + numbers["socket_errors"])


def drain(port: int) -> None:
    """Wait until slow requests left over from the last run are done (sync workers queue)."""
    for _ in range(600):
        started = time.monotonic()
        fetch(port, "/healthz")
        if time.monotonic() - started < 0.1:
            return
        time.sleep(0.1)


def worker_rss_mb(master: int) -> list[tuple[float, float]]:
    """(current, peak) resident memory of each worker, in MB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    found = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        found.append((rss, peak))
    return found


def report(results: list[Figures], memory: list[tuple[float, float]]) -> str:
    """A Markdown table: throughput against the hello-world baseline, latency, errors."""
    baseline = max(r.rps for r in results if r.label.startswith("hello"))
    lines = ["| page | req/s | % of hello world | p50 ms | p95 ms | p99 ms | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r.label} | {r.rps:.0f} | {100 * r.rps / baseline:.0f}% | {r.p50_ms:.1f} "
                     f"| {r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.errors} |")
    rss = ", ".join(f"{now:.0f} MB (peak {peak:.0f} MB)" for now, peak in memory)
    lines.append(f"\nWorker memory after the run: {rss}.")
    return "\n".join(lines)


@click.command()
@click.option("--instance", type=click.Path(path_type=Path, exists=True), required=True)
@click.option("--seconds", type=int, default=10, show_default=True)
@click.option("--connections", type=int, default=4, show_default=True)
@click.option("--port", type=int, default=8765, show_default=True)
@click.option("--workers", type=int, default=2, show_default=True)
def main(instance: Path, seconds: int, connections: int, port: int, workers: int) -> None:
    """Serve the instance, measure every target in turn, print the table."""
    found = sessions(instance)
    server = start_server(instance, port, workers)
    try:
        results = []
        for target in targets(port, found):
            drain(port)
            figures = run_wrk(port, target, seconds, connections)
            click.echo(f"{figures.label}: {figures.rps:.0f} req/s, p95 {figures.p95_ms:.1f} ms",
                       err=True)
            results.append(figures)
        memory = worker_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    click.echo(report(results, memory))


if __name__ == "__main__":
    main()
