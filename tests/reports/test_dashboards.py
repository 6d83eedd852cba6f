"""Each person's home page shows the work waiting for them, and nothing they may not see."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from casework.cases.models import CaseAssignment
from casework.extensions import db


def _section(html: str, section: str) -> str:
    """The HTML of one dashboard section."""
    return html.split(f'id="{section}"')[1].split("</section>")[0]


def _badge(html: str, section: str) -> str:
    """The counter shown in a section's heading."""
    return _section(html, section).split('class="badge">')[1].split("<")[0]


def test_paralegal_sees_her_open_cases_and_waiting_referrals(client, login, network, add_cases,
                                                             add_referral, make_org):
    """Her own open cases by reference, and her referrals still waiting for an answer."""
    mine = add_cases(network["north_paralegal"], 2)
    others = add_cases(network["south_paralegal"], 1)
    add_referral(mine[0], make_org("dinas_sosial"), status="sent")
    login(client, network["north_paralegal"])
    html = client.get("/").data.decode()
    assert _badge(html, "open-cases") == "2"
    assert mine[0].reference in _section(html, "open-cases")
    assert others[0].reference not in html
    assert _badge(html, "waiting-referrals") == "1"


def test_paralegal_page_shows_no_survivor_names(client, login, network, add_cases):
    """A dashboard lists references, never names."""
    add_cases(network["north_paralegal"], 1, name="Kartini Wulandari")
    login(client, network["north_paralegal"])
    assert "Kartini" not in client.get("/").data.decode()


def test_service_staff_see_new_and_overdue_referrals(app, client, login, network, make_org,
                                                     make_user, add_cases, add_referral):
    """New referrals to her unit, and one left unanswered past the deadline."""
    unit = make_org("dinas_sosial")
    case, late = add_cases(network["north_paralegal"], 2)
    add_referral(case, unit)
    add_referral(late, unit, sent_at=datetime.now(UTC) - timedelta(days=10))
    add_referral(case, make_org("dukcapil"))
    login(client, make_user("service_staff", unit))
    html = client.get("/").data.decode()
    assert _badge(html, "new-referrals") == "2"
    assert _badge(html, "overdue-referrals") == "1"


def test_supervisor_sees_unassigned_cases_overdue_referrals_and_month(
        app, client, login, network, add_cases, add_referral, make_org):
    """Unassigned open cases, overdue referrals, and this month's new cases."""
    cases = add_cases(network["north_paralegal"], 3)
    with app.app_context():
        assignment = db.session.scalars(select(CaseAssignment).where(
            CaseAssignment.case_id == cases[0].id)).one()
        assignment.ended_at = datetime.now(UTC)
        db.session.commit()
    add_referral(cases[1], make_org("dinas_sosial"),
                 sent_at=datetime.now(UTC) - timedelta(days=10))
    login(client, network["ngo_supervisor"])
    html = client.get("/").data.decode()
    assert _badge(html, "unassigned") == "1"
    assert cases[0].reference in _section(html, "unassigned")
    assert _badge(html, "overdue-referrals") == "1"
    month = _section(html, "month")
    assert "<dt>Kasus baru</dt><dd>3</dd>" in month.replace("\n", "").replace("  ", "")


def test_supervisor_sees_access_log_flags(app, client, login, network, add_cases):
    """A refusal in her organisations is counted under the access-log flags."""
    case = add_cases(network["south_paralegal"], 1)[0]
    login(client, network["north_paralegal"])
    assert client.get(f"/cases/{case.reference}").status_code == 404
    login(client, network["ngo_supervisor"])
    assert _badge(client.get("/").data.decode(), "flags") == "1"


def test_admin_sees_accounts_and_no_survivor_data(app, client, login, network, make_user,
                                                  add_cases):
    """Accounts by role and organisations by kind; no case reference anywhere."""
    cases = add_cases(network["north_paralegal"], 2)
    admin = make_user("admin", network["ngo"])
    login(client, admin)
    html = client.get("/").data.decode()
    assert "Ringkasan akun" in html
    rows = re.findall(r'<th scope="row">[^<]+</th><td>(\d+)</td><td>(\d+)</td>',
                      _section(html, "accounts"))
    # Two paralegals, three supervisors and this admin, all active.
    assert sorted(rows) == [("1", "0"), ("2", "0"), ("3", "0")]
    for case in cases:
        assert case.reference not in html
