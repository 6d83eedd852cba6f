"""Two organisations that must never see each other's survivors, and a case in the second one
filled, through every form its pages offer, with canary strings that carry markup."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from flask import Flask

from tests.attack.forms import LAST_ACTIONS, object_ids, submit_every_form

CANARY_NAME = "Kanaria Zyxwvut"
CANARY_NIK = "3204057112990042"
CANARY_PHONE = "+6281299887766"
CANARY_TEXT = "Kanari-{name}-Qzx"
MARKUP = "<script>alert('{name}')</script><img src=x onerror=alert(1)>"
# Fields whose validators accept only one shape: give them a valid canary instead of markup.
SHAPED = {
    "name": CANARY_NAME, "nik": CANARY_NIK, "phone": CANARY_PHONE, "safe_phone": CANARY_PHONE,
    "province_code": "32", "regency_code": "3204", "district_code": "320405",
    "q": CANARY_NIK, "page": "1", "version": None, "csrf_token": None,
}
CANARIES = (CANARY_NAME, CANARY_NIK, CANARY_NIK[-8:], "Kanari-", "81299887766", "Zyxwvut")
ADULT = {"age_band": "25-44", "consent_given_by": "survivor"}  # an adult consents herself
RAW_MARKUP = re.compile(r"<script>alert\(|<img src=x onerror", re.IGNORECASE)


def canary_text(name: str) -> str:
    """What the attacker types into a field: a canary the tests can find, carrying markup."""
    if name in SHAPED and SHAPED[name] is not None:
        return SHAPED[name]
    return CANARY_TEXT.format(name=name) + " " + MARKUP.format(name=name)


def leaked(body: str) -> list[str]:
    """The canaries present in a response."""
    return [canary for canary in CANARIES if canary in body]


@dataclass
class World:
    """Organisation A's people (the attackers) and organisation B's case (the target)."""

    reference: str
    case_id: object
    staff_a: dict = field(default_factory=dict)
    staff_b: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    answers: list[tuple[str, int, str]] = field(default_factory=list)


def _organisation(make_org, make_user, tag: str) -> dict:
    """An NGO with a centre and a UPTD PPA, and one person of each role."""
    ngo = make_org("ngo", code=f"ngo-{tag}")
    centre = make_org("community_centre", parent=ngo, code=f"centre-{tag}")
    unit = make_org("uptd_ppa", code=f"uptd-{tag}", region="3204")
    return {
        "unit": unit,
        "paralegal": make_user("paralegal", centre, username=f"paralegal-{tag}"),
        "supervisor": make_user("supervisor", ngo, username=f"supervisor-{tag}"),
        "service_staff": make_user("service_staff", unit, username=f"petugas-{tag}"),
        "admin": make_user("admin", ngo, username=f"admin-{tag}"),
    }


def case_pages(client, reference: str) -> list[str]:
    """The case page and every page under it that the case page links to."""
    page = client.get(f"/cases/{reference}").get_data(as_text=True)
    links = set(re.findall(rf'href="(/cases/{reference}/[^"#?]*)"', page))
    return [f"/cases/{reference}", *sorted(links, key=lambda p: (bool(LAST_ACTIONS.search(p)), p))]


def _offer_every_service(app: Flask, unit) -> None:
    """Let B's unit take any service, so the referral form's choices are all valid."""
    try:
        from casework.referrals.directory import set_offered_services
    except ImportError:
        return
    from casework.accounts.models import Organisation
    from casework.cases.categories import SERVICES
    from casework.extensions import db

    with app.app_context():
        set_offered_services(db.session.get(Organisation, unit.id), list(SERVICES))
        db.session.commit()


@pytest.fixture
def world(app: Flask, client, login, make_org, make_user) -> World:
    """B's paralegal registers a case and fills every form its pages offer, with canaries."""
    staff_a = _organisation(make_org, make_user, "a")
    staff_b = _organisation(make_org, make_user, "b")
    login(client, staff_b["paralegal"])
    from tests.conftest import case_data

    intake = case_data(**{k: canary_text(k) for k in (
        "name", "alias", "nik", "phone", "address", "safe_phone", "safe_time", "code_word",
        "perpetrator_name", "perpetrator_details", "narrative")})
    created = client.post("/cases/new", data=intake)
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    reference = created.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    _offer_every_service(app, staff_b["unit"])
    # The transfer form goes to a third centre: A must stay a stranger to B's case.
    elsewhere = make_org("community_centre", code="centre-c")
    statuses = []
    for path in case_pages(client, reference):
        statuses += submit_every_form(client, path, canary_text,
                                      choices={"unit": str(staff_b["unit"].id),
                                               "receiver": str(elsewhere.id), **ADULT})
    with app.app_context():
        from casework.cases.access import find_case

        case_id = find_case(reference).id
    client.delete_cookie(app.config["AUTH_COOKIE_NAME"])
    return World(reference, case_id, staff_a, staff_b, object_ids(app, case_id), statuses)


@pytest.fixture
def as_user(app: Flask, login) -> Callable:
    """as_user(user): a fresh client logged in as that user."""

    def make(user):
        return login(app.test_client(), user)

    return make
