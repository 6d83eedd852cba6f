"""A referral form sent again after its answer was lost sends one referral, not two."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from casework.extensions import db
from casework.referrals.models import Referral
from tests.referrals.conftest import referral_form


def test_a_referral_sent_twice_is_made_once(app, world, as_user):
    """Posted twice with its one-time token: one referral, and the retry opens it."""
    paralegal = as_user(world.paralegal)
    url = f"/cases/{world.case.reference}/referrals/new"
    token = re.search(r'name="submission" value="([^"]+)"',
                      paralegal.get(url).get_data(as_text=True)).group(1)
    data = {**referral_form(world.uptd), "submission": token}
    first = paralegal.post(url, data=data)
    again = paralegal.post(url, data=data)
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Referral.id))) == 1
