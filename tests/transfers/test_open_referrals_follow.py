"""A transferred case's referrals go with it: open ones stay open, now followed up by the
receiver; one to the receiver itself is withdrawn (the receiver holds the whole case); the
sender's referral lists keep no line of the case."""

from __future__ import annotations

from casework.accounts.models import Organisation, User
from casework.cases.models import Case
from casework.extensions import db
from casework.referrals.models import Referral
from casework.referrals.operations import make_referral
from tests.transfers.conftest import transfers_of

CONSENT = {"given": True, "given_by": "survivor", "groups": ["identity"]}


def _refer(app, world, unit) -> object:
    """A referral of the case to a unit, sent by its paralegal."""
    with app.test_request_context("/"):
        case = db.session.get(Case, world.case.id)
        referral = make_referral(case, unit, ["psychological"], "routine", "Konseling.", CONSENT,
                                 db.session.get(User, world.paralegal.id))
        db.session.commit()
        return referral.id


def test_open_referrals_follow_the_case(app, world, make_org, propose, as_user):
    other_unit = make_org("uptd_ppa", region="3204")
    with app.app_context():
        other_unit = db.session.get(Organisation, other_unit.id)
        to_other = _refer(app, world, other_unit)
        to_receiver = _refer(app, world, db.session.get(Organisation, world.uptd.id))
    sender = as_user(world.supervisor)
    assert world.case.reference in sender.get("/referrals/?tab=all").get_data(as_text=True)
    propose(world.uptd)
    transfer_id = transfers_of(app, world.case)[-1].id
    as_user(world.uptd_supervisor).post(f"/transfers/{transfer_id}/accept",
                                        data={"assignee": str(world.uptd_staff.id)})
    with app.app_context():
        followed = db.session.get(Referral, to_other)
        ended = db.session.get(Referral, to_receiver)
        assert (followed.status, followed.from_org_id) == ("sent", world.uptd.id)
        assert ended.status == "withdrawn"
    listed = sender.get("/referrals/?tab=all").get_data(as_text=True)
    assert world.case.reference not in listed
