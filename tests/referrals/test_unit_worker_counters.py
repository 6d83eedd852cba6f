"""A UPTD PPA's case worker both receives referrals and sends her own cases onward: her menu
counts the answers to what she sent and the overdue ones of her cases, beside her unit's."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from casework.database import utcnow
from casework.extensions import db
from casework.referrals.models import Referral
from tests.referrals.conftest import referral_form


def _badges(client) -> dict[str, int]:
    """The menu's referral links with their counters."""
    menu = client.get("/referrals/directory").get_data(as_text=True).split("</header>")[0]
    found = re.findall(r'<a href="(/referrals/[^"]*)"[^>]*>[^<]*(?:<span class="badge">(\d+)</span>)?',
                       menu)
    return {url: int(count or 0) for url, count in found}


def _send_own_case(app, as_user, world, make_case) -> Referral:
    """The unit's worker registers a case of her own and refers it to Dinas Sosial."""
    own = make_case(world.uptd_staff, name="Kasus Unit", nik="3204054507900999")
    client = as_user(world.uptd_staff)
    form = referral_form(world.dinsos, services=["social_rehabilitation"])
    sent = client.post(f"/cases/{own.reference}/referrals/new", data=form)
    assert sent.status_code == 302, sent.get_data(as_text=True)[:500]
    with app.app_context():
        return db.session.scalar(select(Referral.id).where(Referral.to_org_id == world.dinsos.id))


def test_her_menu_counts_the_answer_to_her_own_referral(app, world, as_user, make_case):
    referral_id = _send_own_case(app, as_user, world, make_case)
    worker = as_user(world.uptd_staff)
    assert _badges(worker)["/referrals/"] == 0
    assert as_user(world.dinsos_staff).post(f"/referrals/{referral_id}/accept").status_code == 302
    assert _badges(worker)["/referrals/"] == 1


def test_her_menu_counts_her_own_overdue_referral(app, world, as_user, make_case):
    referral_id = _send_own_case(app, as_user, world, make_case)
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral_id)
                           .values(status_changed_at=utcnow() - timedelta(days=30)))
        db.session.commit()
    assert _badges(as_user(world.uptd_staff))["/referrals/overdue"] == 1
    assert _badges(as_user(world.dinsos_staff))["/referrals/overdue"] == 1
