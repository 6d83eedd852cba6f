"""Case management meets referrals: an action carried out through a referral, and closing a case
whose referral is still open needs a supervisor's approval."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.cases.models import Case, ClosureRequest
from casework.extensions import db
from casework.plans.models import Action, Goal
from casework.referrals.models import Referral
from tests.plans.conftest import NEXT_WEEK


@pytest.fixture
def referred(app, as_paralegal, centre, make_org):
    """The case referred to the district's UPTD PPA for psychological services."""
    unit = make_org("uptd_ppa", region="320405")
    form = {"unit": str(unit.id), "services": ["psychological"], "urgency": "routine",
            "reason": "Butuh konseling.", "consent_given": "y", "consent_given_by": "survivor",
            "groups": ["identity"]}
    response = as_paralegal.post(f"/cases/{centre.case.reference}/referrals/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    with app.app_context():
        return db.session.scalars(select(Referral)).one()


def test_action_through_a_referral(app, as_paralegal, centre, referred):
    """The case's referral can be chosen as who carries out an action; it is linked by id."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/goals/new", data={"area": "psychosocial",
                                                       "description": "Pulih dari trauma"})
    with app.app_context():
        goal_id = db.session.scalars(select(Goal.id)).one()
    form = as_paralegal.get(f"/cases/{ref}/goals/{goal_id}/actions/new").data.decode()
    assert referred.reference in form
    response = as_paralegal.post(f"/cases/{ref}/goals/{goal_id}/actions/new", data={
        "description": "Konseling di UPTD", "responsible_kind": "referral",
        "referral": str(referred.id), "due_on": NEXT_WEEK})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Action)).one().referral_id == referred.id


def test_closing_with_open_referral_needs_approval(app, as_paralegal, centre, referred):
    """The referral is still 'sent': the paralegal's closing becomes a request."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/close", data={
        "reason": "needs_met", "note": "Selesai.", "version": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Case, centre.case.id).status == "open"
        assert db.session.scalars(select(ClosureRequest)).one().grounds == "open_referrals"
