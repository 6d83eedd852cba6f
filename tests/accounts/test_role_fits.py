"""Roles fit organisations (issue 13): a paralegal at Dukcapil or service staff at an NGO head
office is refused on the admin screen and on the command line, with a message saying where the
role does fit; the rule is the one table ROLE_KINDS."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.accounts.errors import RoleDoesNotFit
from casework.accounts.models import User
from casework.accounts.operations import create_user
from casework.accounts.roles import ORGANISATION_KINDS, ROLE_KINDS, role_fits
from casework.demo import seed_demo
from casework.extensions import db
from tests.conftest import PASSWORD

MISFITS = [("paralegal", "dukcapil"), ("service_staff", "ngo")]


def _users(app) -> int:
    """How many accounts exist."""
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


@pytest.fixture
def admin(app, login, make_user):
    """A client logged in as an admin who reads English."""
    admin = make_user("admin")
    with app.app_context():
        db.session.execute(User.__table__.update().values(locale="en"))
        db.session.commit()
    return login(app.test_client(), admin)


@pytest.mark.parametrize(("role", "kind"), MISFITS)
def test_admin_screen_refuses_a_role_that_does_not_fit(app, admin, make_org, role, kind):
    """The form comes back with the clear message on the role field; no account is made."""
    org = make_org(kind)
    before = _users(app)
    response = admin.post("/admin/users/new", data={
        "username": "salah.tempat", "display_name": "Salah", "role": role,
        "organisation_code": org.code})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "does not fit an organisation of the kind" in page
    assert str(ORGANISATION_KINDS[kind]) in page and "It fits:" in page
    assert 'name="username" value="salah.tempat"' in page or "salah.tempat" in page
    assert _users(app) == before


@pytest.mark.parametrize(("role", "kind"), MISFITS)
def test_cli_refuses_a_role_that_does_not_fit(app, runner, make_org, role, kind):
    """`casework user create` exits non-zero with the same message; no account is made."""
    org = make_org(kind)
    before = _users(app)
    result = runner.invoke(args=["user", "create", "salah", "--role", role, "--org", org.code,
                                 "--password-stdin"], input=f"{PASSWORD}\n")
    assert result.exit_code != 0
    # The command line speaks the deployment's language (Bahasa Indonesia by default).
    assert "tidak sesuai untuk lembaga jenis" in result.output
    assert "Peran ini sesuai untuk:" in result.output
    assert "Traceback" not in result.output
    assert _users(app) == before


@pytest.mark.parametrize("role", sorted(ROLE_KINDS))
@pytest.mark.parametrize("kind", sorted(ORGANISATION_KINDS))
def test_create_user_follows_the_table(app, make_org, role, kind):
    """Every role at every kind: created where ROLE_KINDS says it fits, refused elsewhere."""
    org = make_org(kind)
    with app.app_context():
        if role_fits(role, kind):
            user = create_user(f"{role}-{kind}".replace("_", "-"), role, org, PASSWORD)
            db.session.flush()
            assert user.works_cases == (role in ("paralegal", "service_staff")
                                        and kind in ("community_centre", "ngo", "uptd_ppa",
                                                     "dinas_sosial"))
        else:
            with pytest.raises(RoleDoesNotFit):
                create_user(f"{role}-{kind}".replace("_", "-"), role, org, PASSWORD)
        db.session.rollback()


def test_the_table_keeps_its_promises():
    """Paralegals work only where cases are held, service staff only at service units, and
    every kind has supervisors and may host the administrator."""
    assert "dukcapil" not in ROLE_KINDS["paralegal"]
    assert "ngo" not in ROLE_KINDS["service_staff"]
    assert {"uptd_ppa", "dinas_sosial"} <= set(ROLE_KINDS["paralegal"])
    assert set(ROLE_KINDS["supervisor"]) == set(ORGANISATION_KINDS)


def test_the_demo_seeds_only_fitting_roles(app):
    """The demo's accounts all fit their organisations (create_user would refuse them)."""
    with app.test_request_context("/"):
        seed_demo()
        db.session.commit()
        users = list(db.session.scalars(select(User)))
        assert users
        assert all(role_fits(user.role, user.organisation.kind) for user in users)
