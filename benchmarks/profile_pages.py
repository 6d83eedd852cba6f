"""One request at a time, in process: how long each page of a seeded instance takes, and how
many SQL statements it runs (the slowest ones named), to find where the time goes.

    python benchmarks/profile_pages.py --instance /tmp/cw_bench [--runs 5] [--slowest 3]
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy import event

from benchmarks.run_load import CSRF, _config, sessions
from casework import create_app
from casework.extensions import db


@contextmanager
def statements(engine) -> Iterator[list[tuple[float, str]]]:
    """Collect (milliseconds, SQL) of every statement run meanwhile."""
    found: list[tuple[float, str]] = []

    def before(conn, _cursor, _statement, _params, context, _many):
        context._cw_started = time.perf_counter()

    def after(_conn, _cursor, statement, _params, context, _many):
        found.append(((time.perf_counter() - context._cw_started) * 1000, statement))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def pages(found: dict) -> list[tuple[str, str, str, bool]]:
    """(label, path, cookie, is_search) of the pages the load benchmark measures."""
    sup, par = found["supervisor"], found["paralegal"]
    return [
        ("case list (supervisor)", "/cases/", sup, False),
        ("case list (paralegal)", "/cases/", par, False),
        ("case page (paralegal)", f"/cases/{found['reference']}", par, False),
        ("NIK search (paralegal)", "/search", par, True),
        ("reports (supervisor)", "/reports/", sup, False),
        ("home (supervisor)", "/", sup, False),
        ("home (paralegal)", "/", par, False),
    ]


def one_request(client, path: str, search_nik: str | None) -> int:
    """A GET, or the search form's POST with a fresh CSRF token; the status."""
    if search_nik is None:
        return client.get(path).status_code
    form = client.get(path).get_data(as_text=True)
    token = CSRF.search(form).group(1)
    return client.post(path, data={"csrf_token": token, "q": search_nik}).status_code


def client_of(app, cookie: str):
    """A test client holding one session cookie ("name=token")."""
    client = app.test_client()
    name, _, token = cookie.partition("=")
    client.set_cookie(name, token)
    return client


@click.command()
@click.option("--instance", type=click.Path(path_type=Path, exists=True), required=True)
@click.option("--runs", type=int, default=5, show_default=True)
@click.option("--slowest", type=int, default=3, show_default=True)
def main(instance: Path, runs: int, slowest: int) -> None:
    """Time each page, best and median of RUNS after a warm-up, with its statements."""
    found = sessions(instance)
    app = create_app(_config(instance))
    with app.app_context():
        engine = db.engine
    for label, path, cookie, is_search in pages(found):
        nik = found["nik"] if is_search else None
        client = client_of(app, cookie)
        one_request(client, path, nik)
        times: list[float] = []
        for _ in range(runs):
            with statements(engine) as sql:
                started = time.perf_counter()
                status = one_request(client, path, nik)
                times.append((time.perf_counter() - started) * 1000)
        sql_ms = sum(ms for ms, _ in sql)
        click.echo(f"{label}: {status}, best {min(times):.1f} ms, median "
                   f"{statistics.median(times):.1f} ms, {len(sql)} statements, {sql_ms:.1f} ms SQL")
        for ms, text in sorted(sql, reverse=True)[:slowest]:
            click.echo(f"    {ms:7.1f} ms  {' '.join(text.split())[:160]}")


if __name__ == "__main__":
    main()
