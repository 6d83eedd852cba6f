"""Issue 16, item 8: a NUL byte in a login name, a path, a query or a form field answers
400 with the app's own page (PostgreSQL refused it with a 500), and a line break in a path
too; text areas keep their line breaks."""

from __future__ import annotations

from sqlalchemy import func, select

from casework.cases.models import CaseNote
from casework.extensions import db
from tests.conftest import PASSWORD


def _is_our_400(response) -> None:
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert response.headers["X-Request-ID"] in page and "Traceback" not in page


def test_nul_in_a_login_name(client, make_user):
    user = make_user("paralegal")
    _is_our_400(client.post("/login", data={"username": user.username + "\x00",
                                            "password": PASSWORD}))


def test_nul_in_a_url_path(client, login, make_user):
    login(client, make_user("paralegal"))
    _is_our_400(client.get("/cases/AB%00CD"))


def test_line_break_in_a_url_path(client, login, make_user):
    login(client, make_user("paralegal"))
    _is_our_400(client.get("/cases/AB%0D%0ACD"))


def test_nul_in_a_query_value(client, login, make_user):
    login(client, make_user("paralegal"))
    _is_our_400(client.get("/search?q=Siti%00"))


def test_nul_in_a_query_name_before_login(client):
    _is_our_400(client.get("/login?ne%00xt=/cases/"))


def test_nul_in_a_form_field_saves_nothing(app, client, login, make_user, make_case):
    paralegal = make_user("paralegal")
    case = make_case(paralegal)
    login(client, paralegal)
    _is_our_400(client.post(f"/cases/{case.reference}/notes", data={"body": "Catatan\x00"}))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseNote)) == 0


def test_line_breaks_in_a_text_area_are_kept(app, client, login, make_user, make_case):
    paralegal = make_user("paralegal")
    case = make_case(paralegal)
    login(client, paralegal)
    response = client.post(f"/cases/{case.reference}/notes", data={"body": "Satu\r\nDua"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseNote)) == 1
