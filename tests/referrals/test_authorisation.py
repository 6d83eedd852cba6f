"""Who may call each referral and timeline endpoint: every allow and every deny."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.i18n import local_today
from tests.referrals.conftest import referral_form

SENDER = ("paralegal", "supervisor")
UNIT = ("uptd_staff",)
OUTSIDERS = ("other_paralegal_same_centre", "paralegal_elsewhere", "supervisor_elsewhere",
             "dinsos_staff", "admin")
ACTORS = SENDER + UNIT + OUTSIDERS


def _endpoints(world, referral_id):
    """(method, path, form data) of each endpoint taking a case or a referral."""
    ref = world.case.reference
    service = {"service_type": "psychological", "delivered_on": local_today().isoformat(),
               "outcome": "provided"}
    return {
        "new_get": ("GET", f"/cases/{ref}/referrals/new", None),
        "new_post": ("POST", f"/cases/{ref}/referrals/new",
                     referral_form(world.dinsos, services=["social_rehabilitation"])),
        "case_referrals": ("GET", f"/cases/{ref}/referrals", None),
        "timeline": ("GET", f"/cases/{ref}/timeline", None),
        "show": ("GET", f"/referrals/{referral_id}", None),
        "letter": ("GET", f"/referrals/{referral_id}/letter", None),
        "accept": ("POST", f"/referrals/{referral_id}/accept", {}),
        "decline": ("POST", f"/referrals/{referral_id}/decline", {"reason": "Penuh."}),
        "services": ("POST", f"/referrals/{referral_id}/services", service),
        "complete": ("POST", f"/referrals/{referral_id}/complete", {"note": "Selesai."}),
        "withdraw": ("POST", f"/referrals/{referral_id}/withdraw", {}),
        "consent": ("POST", f"/referrals/{referral_id}/consent-withdrawal", {"confirm": "y"}),
    }


ALLOWED = {
    "new_get": SENDER, "new_post": SENDER, "case_referrals": SENDER, "timeline": SENDER,
    "show": SENDER + UNIT, "letter": SENDER, "accept": UNIT, "decline": UNIT,
    "services": UNIT, "complete": UNIT, "withdraw": SENDER, "consent": SENDER,
}


@pytest.fixture
def actors(world, make_user, make_org):
    """Everyone who might try, by name."""
    return {
        "paralegal": world.paralegal, "supervisor": world.supervisor,
        "uptd_staff": world.uptd_staff, "dinsos_staff": world.dinsos_staff, "admin": world.admin,
        "other_paralegal_same_centre": make_user("paralegal", world.centre),
        "paralegal_elsewhere": make_user("paralegal"),
        "supervisor_elsewhere": make_user("supervisor", make_org("ngo")),
    }


def _outcome(response) -> str:
    """allow, reason (sent to state why first) or deny, as a user would meet it."""
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.split("?")[0].endswith("/reason"):
        return "reason"
    if response.status_code in (403, 404):
        return "deny"
    return "allow" if response.status_code in (200, 302, 422) else f"error {response.status_code}"


def _expected(endpoint: str, actor: str) -> str:
    """The supervisor is not assigned to the case: she states a reason first (break-glass)."""
    if actor not in ALLOWED[endpoint]:
        return "deny"
    return "reason" if actor == "supervisor" else "allow"


@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(app, world, refer, as_user, actors, actor):
    """Every endpoint for one actor: GETs first, then POSTs (so a withdrawal comes last)."""
    referral_id = refer()
    endpoints = _endpoints(world, referral_id)
    order = sorted(endpoints, key=lambda name: (endpoints[name][0] == "POST",
                                                name in ("withdraw", "consent")))
    client = as_user(actors[actor])
    for endpoint in order:
        method, path, data = endpoints[endpoint]
        with app.app_context():
            before = db.session.scalar(select(func.count()).where(
                AuditEntry.action == "denied", AuditEntry.actor_id == actors[actor].id))
        response = client.get(path) if method == "GET" else client.post(path, data=data)
        got = _outcome(response)
        assert got == _expected(endpoint, actor), (endpoint, actor, response.status_code)
        if got != "allow":
            body = response.get_data(as_text=True)
            assert "Siti Aminah" not in body and "melati" not in body
        if got == "deny":
            with app.app_context():
                after = db.session.scalar(select(func.count()).where(
                    AuditEntry.action == "denied", AuditEntry.actor_id == actors[actor].id))
            assert after == before + 1, (endpoint, actor, "denial not logged")


@pytest.mark.parametrize("actor", ["paralegal", "supervisor", "uptd_staff", "admin"])
def test_everyone_may_read_the_service_directory(world, as_user, actors, actor):
    page = as_user(actors[actor]).get("/referrals/directory")
    assert page.status_code == 200
    assert world.uptd.name in page.get_data(as_text=True)


@pytest.mark.parametrize("actor", ["paralegal", "supervisor", "uptd_staff"])
def test_only_admins_edit_the_directory(world, as_user, actors, actor):
    path = f"/referrals/directory/{world.uptd.id}"
    assert as_user(actors[actor]).get(path).status_code == 404
    assert as_user(actors[actor]).post(path, data={"services": ["shelter"]}).status_code == 403
    assert as_user(actors["admin"]).get(path).status_code == 200


@pytest.mark.parametrize("actor", ["admin"])
def test_admin_has_no_referral_lists(world, refer, as_user, actors, actor):
    refer()
    assert as_user(actors[actor]).get("/referrals/").status_code == 404
    assert as_user(actors[actor]).get("/referrals/overdue").status_code == 404
