"""Issue 16, item 7: when the commit after a request fails (a full disk), the user gets the
app's own page in Indonesian with the request id, drawn without the database; nothing of the
request is kept, the log names the error code, and the next request works."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.web.failing_database import commits_fail, expected_code


def _entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_failed_commit_shows_the_apps_page_with_the_request_id(app, client, login, make_user,
                                                               caplog):
    login(client, make_user("paralegal"))
    before = _entries(app)
    with app.app_context():
        engine = db.engine
    with caplog.at_level(logging.ERROR, logger="casework"), commits_fail(engine) as failed:
        response = client.get("/cases/")
    assert failed[0] >= 1
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    request_id = response.headers["X-Request-ID"]
    assert request_id and request_id in page
    assert "tidak tersimpan" in page or "Tidak ada yang tersimpan" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert response.headers["Cache-Control"] == "no-store"
    assert _entries(app) == before  # the view's audit entry went with the failed commit
    lines = [r.getMessage() for r in caplog.records if "commit failed" in r.getMessage()]
    assert lines and expected_code(engine.dialect.name) in lines[0] and request_id in lines[0]
    assert client.get("/cases/").status_code == 200  # the session recovered


def test_error_page_needs_no_database(app, client, login, make_user):
    """After the failed commit every statement fails too: the page still renders."""
    login(client, make_user("supervisor"))
    with app.app_context():
        engine = db.engine
    with commits_fail(engine, then_everything=True):
        response = client.get("/cases/")
    assert response.status_code == 503
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)


def test_a_failed_login_commit_sets_no_session_cookie(app, client, make_user):
    """A login whose session row was never saved must not hand out its cookie."""
    from tests.conftest import PASSWORD

    user = make_user("paralegal")
    with app.app_context():
        engine = db.engine
    with commits_fail(engine):
        response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 503
    cookies = " ".join(response.headers.getlist("Set-Cookie"))
    assert app.config["AUTH_COOKIE_NAME"] + "=" not in cookies.replace(
        app.config["AUTH_COOKIE_NAME"] + "=;", "")


def test_the_page_of_last_resort_when_rendering_fails(app, client, monkeypatch):
    """Even a template that cannot be drawn ends in the app's own Indonesian page."""
    import casework.web

    def broken(*_args, **_kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr(casework.web, "render_template", broken)
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Terjadi kesalahan" in page and response.headers["X-Request-ID"] in page
    assert response.headers["Content-Security-Policy"]


def test_failed_commit_and_broken_template_still_answer_our_page(app, client, login, make_user,
                                                                  monkeypatch):
    import casework.web

    login(client, make_user("paralegal"))

    def broken(*_args, **_kwargs):
        raise RuntimeError("template broken")

    with app.app_context():
        engine = db.engine
    with commits_fail(engine):
        monkeypatch.setattr(casework.web, "render_template", broken)
        response = client.post("/cases/new", data={})
    assert response.status_code == 503
    assert "Terjadi kesalahan" in response.get_data(as_text=True)
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)
