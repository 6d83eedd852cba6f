"""Issue 16, item 8: CR/LF or NUL in a return target (`login?next=`, the language form, the
break-glass reason form) never answers 500: the target is dropped and the action done."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import PASSWORD

BROKEN_TARGETS = ["/cases/\r\nSet-Cookie: x=1", "/cases/\nX", "/cases/\rX", "/cases/\t/x"]


@pytest.mark.parametrize("target", BROKEN_TARGETS)
def test_login_with_a_line_break_in_next_logs_in(app, client, make_user, target):
    user = make_user("paralegal")
    response = client.post(f"/login?next={quote(target)}",
                           data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert "\n" not in response.headers["Location"] and "Set-Cookie: x" not in str(response.headers)
    assert app.config["AUTH_COOKIE_NAME"] + "=" in " ".join(response.headers.getlist("Set-Cookie"))
    assert client.get(response.headers["Location"], follow_redirects=True).status_code == 200


def test_language_form_with_a_line_break_in_next(client):
    response = client.post("/language", data={"locale": "en", "next": "/cases/\r\nX-Evil: 1"})
    assert response.status_code == 302
    assert "X-Evil" not in str(response.headers) and "\n" not in response.headers["Location"]
    assert "cw_lang=en" in " ".join(response.headers.getlist("Set-Cookie"))


def test_language_form_still_returns_to_a_good_target(client):
    response = client.post("/language", data={"locale": "en", "next": "/login"})
    assert response.headers["Location"].endswith("/login")


def test_break_glass_reason_with_a_line_break_in_next(app, client, login, make_org, make_user,
                                                      make_case):
    ngo = make_org("ngo")
    centre = make_org(parent=ngo)
    case = make_case(make_user("paralegal", centre))
    login(client, make_user("supervisor", ngo))
    target = f"/cases/{case.reference}/edit\r\nX-Evil: 1"
    response = client.post(f"/cases/{case.reference}/reason",
                           data={"reason": "The paralegal is ill this week.", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.reference}")
    assert "X-Evil" not in str(response.headers)
