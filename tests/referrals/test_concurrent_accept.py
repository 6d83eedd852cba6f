"""Two staff accepting the same referral at once: the second is refused, nothing half-changed."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from casework.accounts.models import User
from casework.extensions import db
from casework.referrals.errors import ConcurrentChange
from casework.referrals.models import Referral, ReferralTransition
from casework.referrals.operations import accept_referral
from tests.conftest import POSTGRES_URL
from tests.referrals.conftest import get_referral


def test_second_of_two_simultaneous_accepts_is_refused(app, world, refer):
    referral_id = refer()
    with app.app_context():
        # The second member of staff loaded the referral while it was still 'sent' ...
        stale = db.session.get(Referral, referral_id)
        _ = (stale.status, stale.version, stale.case.reference, list(stale.transitions))
        db.session.expunge_all()
        db.session.commit()
        # ... then the first accepted it and committed ...
        with app.app_context():
            first = db.session.get(Referral, referral_id)
            accept_referral(first, db.session.get(User, world.uptd_staff.id))
            db.session.commit()
        # ... and now the second saves her acceptance on the copy she loaded.
        stale = db.session.merge(stale, load=False)
        with pytest.raises(ConcurrentChange):
            accept_referral(stale, db.session.get(User, world.uptd_staff2.id))
        db.session.rollback()
        accepted_by = db.session.scalar(select(Referral.accepted_by_id).where(
            Referral.id == referral_id))
        rows = db.session.scalars(select(ReferralTransition.to_status).where(
            ReferralTransition.referral_id == referral_id)).all()
    assert accepted_by == world.uptd_staff.id
    assert sorted(rows) == ["accepted", "sent"]
    assert get_referral(app, referral_id).status == "accepted"


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite serialises whole requests already")
def test_two_requests_accepting_at_the_same_moment(app, world, refer, as_user):
    referral_id = refer()
    clients = [as_user(world.uptd_staff), as_user(world.uptd_staff2)]
    barrier = threading.Barrier(2)
    answers: list[str] = []

    def accept(client) -> None:
        barrier.wait()
        response = client.post(f"/referrals/{referral_id}/accept", follow_redirects=True)
        answers.append(response.get_data(as_text=True))

    threads = [threading.Thread(target=accept, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    refused = [a for a in answers if "tidak ada yang diubah" in a or "nothing was saved" in a
               or "tidak ada yang disimpan" in a]
    assert len(answers) == 2 and len(refused) == 1
    assert get_referral(app, referral_id).transitions == [(None, "sent"), ("sent", "accepted")]
