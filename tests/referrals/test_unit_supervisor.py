"""A supervisor at a UPTD PPA oversees her unit (issue 13): its own cases, the referrals it
received (read-only: her staff accept, record and complete), the services it gave and its
statistics; nothing of a centre's case that was not shared with her unit through a referral."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from casework.database import utcnow
from casework.extensions import db
from casework.i18n import local_today
from casework.referrals.models import Referral

HIDDEN_NIK = "3204054507900777"
HIDDEN_NAME = "Rahasia Centre"


def _total(html: str, key: str) -> str:
    """The grand total of one report table, as the page shows it."""
    section = html.split(f'id="table-{key}"')[1].split("</section>")[0]
    footer = section.split("<tfoot>")[1]
    return re.findall(r'<td class="num">([^<]*)</td>', footer)[-1]


@pytest.fixture
def unit(app, world, refer, as_user, make_user, make_case):
    """The UPTD PPA's supervisor; a referral the unit accepted and served; a centre case never
    referred; a case of the unit's own."""
    referral_id = refer(world.uptd)
    staff = as_user(world.uptd_staff)
    assert staff.post(f"/referrals/{referral_id}/accept").status_code == 302
    assert staff.post(f"/referrals/{referral_id}/services", data={
        "service_type": "psychological", "delivered_on": local_today().isoformat(),
        "outcome": "provided"}).status_code == 302
    to_dukcapil = refer(world.dukcapil, services=["civil_documents"])
    hidden = make_case(world.paralegal, name=HIDDEN_NAME, nik=HIDDEN_NIK,
                       narrative="Tidak pernah dirujuk.")
    own = make_case(world.uptd_staff, name="Kasus Milik Unit", nik="3204054507900888")
    supervisor = make_user("supervisor", world.uptd)
    return world, referral_id, to_dukcapil, hidden, own, as_user(supervisor)


def test_sees_her_units_own_cases_and_not_the_centres(unit):
    """Her case list holds the unit's case; a centre's case is a logged 404, referred or not."""
    world, _referral_id, _dukcapil, hidden, own, client = unit
    listing = client.get("/cases/").get_data(as_text=True)
    assert own.reference in listing
    assert hidden.reference not in listing and world.case.reference not in listing
    for case in (hidden, world.case):
        for path in ("", "/edit", "/timeline", "/notes", "/referrals"):
            assert client.get(f"/cases/{case.reference}{path}").status_code == 404
        assert client.get(f"/audit/cases/{case.reference}").status_code == 404


def test_reads_the_units_referrals_but_does_not_respond(unit):
    """The inbox and the referral's shared details; no accept, service or completion forms, and
    a POST of them is refused; another unit's referral is not hers."""
    _world, referral_id, to_dukcapil, _hidden, _own, client = unit
    inbox = client.get("/referrals/?tab=accepted")
    assert inbox.status_code == 200 and str(referral_id) in inbox.get_data(as_text=True)
    page = client.get(f"/referrals/{referral_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Siti Aminah" in html  # the identity group was shared
    assert "Kejadian di rumah." not in html  # the incident group was not shared
    assert f"/referrals/{referral_id}/services" not in html
    assert f"/referrals/{referral_id}/complete" not in html
    service = {"service_type": "legal", "delivered_on": local_today().isoformat(),
               "outcome": "provided"}
    assert client.post(f"/referrals/{referral_id}/services", data=service).status_code == 403
    assert client.post(f"/referrals/{referral_id}/complete",
                       data={"note": "Selesai"}).status_code == 403
    assert client.get(f"/referrals/{to_dukcapil}").status_code == 404


def test_search_finds_nothing_of_a_centre_case(unit):
    """A centre's case cannot be found by its NIK or name from the unit."""
    _world, _referral_id, _dukcapil, hidden, _own, client = unit
    for query in (HIDDEN_NIK, HIDDEN_NAME):
        html = client.post("/search", data={"q": query}).get_data(as_text=True)
        # (the search box keeps what she typed; no result card shows the case)
        assert hidden.reference not in html and '<p class="empty">' in html


def test_report_shows_what_the_unit_served(app, unit):
    """Its own case in the case tables; the service it gave and the referral it received
    counted; the centre's cases, referred or not, are not among its cases."""
    world, _referral_id, _dukcapil, _hidden, _own, client = unit
    page = client.get(f"/reports/?org={world.uptd.code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert _total(html, "sex") == "1"  # the unit's own case only
    assert _total(html, "intake_channel") == "1"
    assert _total(html, "services") == "1"  # the psychological service under the referral
    assert _total(html, "referrals_received") == "1"
    assert HIDDEN_NAME not in html and "Siti Aminah" not in html


def test_home_shows_the_units_new_referrals(world, refer, as_user, make_user):
    """Her dashboard lists referrals waiting for her unit's answer."""
    refer(world.uptd)
    client = as_user(make_user("supervisor", world.uptd))
    home = client.get("/").get_data(as_text=True)
    assert 'id="unit-new-referrals"' in home
    assert world.centre.name in home or "badge\">1<" in home


def test_access_log_holds_her_staff_not_the_centre(unit):
    """The unit's access log: her staff's work on the referral, none of the centre's staff."""
    world, _referral_id, _dukcapil, hidden, _own, client = unit
    log = client.get("/audit/").get_data(as_text=True)
    assert (world.uptd_staff.display_name or world.uptd_staff.username) in log
    assert (world.paralegal.display_name or world.paralegal.username) not in log
    assert hidden.reference not in log


def test_centre_supervisor_does_not_get_the_unit_view(world, refer, as_user):
    """A centre's supervisor has the sent side only: the received side is not offered."""
    refer(world.uptd)
    html = as_user(world.supervisor).get("/referrals/").get_data(as_text=True)
    assert 'id="sides"' not in html


def test_home_and_menu_show_her_units_overdue_referrals(app, world, refer, as_user, make_user):
    """A referral her unit left unanswered past its deadline is on her home page and counted
    in her menu, beside the overdue referrals of the unit's own cases."""
    referral_id = refer(world.uptd)
    client = as_user(make_user("supervisor", world.uptd))
    assert 'id="unit-overdue-referrals"' in client.get("/").get_data(as_text=True)
    assert _overdue_badge(client) == 0
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral_id)
                           .values(status_changed_at=utcnow() - timedelta(days=30)))
        db.session.commit()
    home = client.get("/").get_data(as_text=True)
    section = home.split('id="unit-overdue-referrals"')[1].split("</section>")[0]
    assert 'class="badge">1<' in section and f"/referrals/{referral_id}" in section
    assert _overdue_badge(client) == 1
    assert str(referral_id) in client.get("/referrals/overdue?side=received").get_data(as_text=True)


def _overdue_badge(client) -> int:
    """The menu's counter of overdue referrals."""
    menu = client.get("/referrals/directory").get_data(as_text=True).split("</header>")[0]
    found = re.search(r'href="/referrals/overdue"[^>]*>[^<]*(?:<span class="badge">(\d+)</span>)?',
                      menu)
    return int(found.group(1) or 0) if found else 0
