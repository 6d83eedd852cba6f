"""open_referral_count, for the cases domain's closing rule."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import Case, ClosureRequest
from casework.extensions import db
from casework.referrals.operations import open_referral_count


def _count(app, case_id) -> int:
    with app.app_context():
        return open_referral_count(db.session.get(Case, case_id))


def test_open_means_sent_or_accepted(app, world, refer, as_user):
    assert _count(app, world.case.id) == 0
    first = refer()
    second = refer(world.dinsos, services=["social_rehabilitation"])
    assert _count(app, world.case.id) == 2
    as_user(world.uptd_staff).post(f"/referrals/{first}/accept")
    assert _count(app, world.case.id) == 2
    as_user(world.dinsos_staff).post(f"/referrals/{second}/decline", data={"reason": "Penuh."})
    assert _count(app, world.case.id) == 1
    as_user(world.paralegal).post(f"/referrals/{first}/withdraw", data={})
    assert _count(app, world.case.id) == 0


def test_closing_with_an_open_referral_waits_for_a_supervisor(app, world, refer, as_user):
    refer()
    with app.app_context():
        version = db.session.get(Case, world.case.id).version
    as_user(world.paralegal).post(f"/cases/{world.case.reference}/close",
                                  data={"reason": "needs_met", "note": "Selesai.",
                                        "version": version})
    with app.app_context():
        assert db.session.get(Case, world.case.id).status == "open"
        request = db.session.scalar(select(ClosureRequest).where(
            ClosureRequest.case_id == world.case.id))
        assert request.status == "pending" and "open_referrals" in request.grounds
