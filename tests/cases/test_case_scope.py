"""A paralegal sees and edits only assigned cases of her own organisation; others get a logged 404."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db


@pytest.fixture
def two_centres(make_org, make_user, make_case):
    """Two paralegals at one centre, one at another, each with a case."""
    centre, other_centre = make_org(), make_org()
    author = make_user("paralegal", centre)
    colleague = make_user("paralegal", centre)
    stranger = make_user("paralegal", other_centre)
    return {"author": author, "colleague": colleague, "stranger": stranger,
            "case": make_case(author)}


@pytest.mark.parametrize("who", ["colleague", "stranger"])
@pytest.mark.parametrize("path", ["", "/edit", "/close"])
def test_not_assigned_gets_404_and_denial_logged(app, client, login, two_centres, who, path):
    """An unassigned colleague and another centre's paralegal both get 404, logged as denied."""
    login(client, two_centres[who])
    response = client.get(f"/cases/{two_centres['case'].reference}{path}")
    assert response.status_code == 404
    with app.app_context():
        denial = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "denied")).one()
        assert denial.case_ref == two_centres["case"].reference


def test_unknown_reference_looks_the_same(client, login, two_centres):
    """A reference that does not exist answers exactly like one that is not yours."""
    login(client, two_centres["stranger"])
    missing = client.get("/cases/ZZZZ-ZZZZ")
    hidden = client.get(f"/cases/{two_centres['case'].reference}")
    assert missing.status_code == hidden.status_code == 404
    def strip(response, reference):
        # The CSRF token carries a timestamp: two requests a second apart differ there.
        body = re.sub(rb'name="csrf_token" value="[^"]*"', b"", response.data)
        return body.replace(response.headers["X-Request-ID"].encode(), b"").replace(
            reference.encode(), b"REF")

    assert strip(missing, "ZZZZ-ZZZZ") == strip(hidden, two_centres["case"].reference)


def test_list_holds_only_own_assigned(client, login, two_centres):
    """The colleague's and the stranger's lists do not include the case."""
    for who in ("colleague", "stranger"):
        login(client, two_centres[who])
        assert two_centres["case"].reference.encode() not in client.get("/cases/").data
    login(client, two_centres["author"])
    assert two_centres["case"].reference.encode() in client.get("/cases/").data


def test_supervisor_of_parent_ngo_sees_centre_cases(client, login, make_org, make_user, make_case):
    """A supervisor at the NGO sees the cases of its centres."""
    ngo = make_org("ngo")
    centre = make_org("community_centre", parent=ngo)
    case = make_case(make_user("paralegal", centre))
    login(client, make_user("supervisor", ngo))
    assert case.reference.encode() in client.get("/cases/").data


@pytest.mark.parametrize("role", ["admin", "service_staff"])
def test_admin_and_service_staff_see_no_case(client, login, make_user, make_org, two_centres,
                                              role):
    """Admins and staff of a unit that holds no cases (Dukcapil) reach no case page or list; a
    UPTD PPA's staff work cases of their own (tests/cases/test_unit_intake.py)."""
    login(client, make_user(role, make_org("dukcapil")))
    assert client.get("/cases/").status_code == 404
    assert client.get(f"/cases/{two_centres['case'].reference}").status_code == 404
