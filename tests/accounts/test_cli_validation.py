"""Issue 16, item 8: the command line refuses what the admin screens refuse (the same form
rules): an empty or malformed organisation code, empty or over-long names, names with
control characters, a user name too long to ever log in. Nothing is created."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.accounts.models import Organisation, User
from casework.extensions import db

PASSWORD = "sebuah kalimat rahasia panjang\n"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("code,name,message", [
    ("", "Bale Istri", "Code"),
    ("Bale Istri", "Bale Istri", "small letters"),
    ("bale_istri", "Bale Istri", "small letters"),
    ("b" * 41, "Bale Istri", "Code"),
    ("bale", "", "Name"),
    ("bale", "B" * 201, "Name"),
    ("bale", "Bale\u202eIstri", "control characters"),
])
def test_org_create_refuses_what_the_form_refuses(app, runner, code, name, message):
    result = runner.invoke(args=["org", "create", code, "--name", name, "--kind", "ngo"])
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output
    assert _count(app, Organisation) == 0


@pytest.mark.parametrize("username,extra,message", [
    ("u" * 300, [], "User name"),
    ("ab", [], "User name"),
    ("siti aminah", [], "small letters"),
    ("siti", ["--name", ""], "Full name"),
    ("siti", ["--name", "Siti\x1b[31m"], "control characters"),
    ("siti", ["--name", "S" * 121], "Full name"),
])
def test_user_create_refuses_what_the_form_refuses(app, runner, make_org, username, extra,
                                                   message):
    org = make_org(code="bale")
    before = _count(app, User)
    result = runner.invoke(args=["user", "create", username, "--role", "paralegal", "--org",
                                 org.code, "--password-stdin", *extra], input=PASSWORD)
    assert result.exit_code != 0 and message in result.output
    assert _count(app, User) == before


def test_a_cli_user_can_log_in(app, runner, make_org, client):
    """What the command accepts is what the login form takes."""
    org = make_org(code="bale")
    name = "s" * 64
    result = runner.invoke(args=["user", "create", name, "--role", "paralegal", "--org",
                                 org.code, "--name", "Siti Aminah Putri", "--password-stdin"],
                           input=PASSWORD)
    assert result.exit_code == 0, result.output
    response = client.post("/login", data={"username": name,
                                           "password": PASSWORD.strip()})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.display_name)) == "Siti Aminah Putri"
