"""UU TPKS art. 23 covers every sexual-violence crime, rape (art. 4(2)) included: a case
recorded as rape or sexual assault, or with the sexual form, is never sent to mediation when
the perpetrator is an adult, even with no art. 4(1) crime ticked."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.cases.models import ServiceRecord
from casework.extensions import db
from casework.i18n import local_today
from casework.referrals.models import Referral
from tests.referrals.conftest import referral_form

SEXUAL_WITHOUT_ART_4_1 = [
    {"forms": ["physical"], "gbv_type": "rape"},
    {"forms": ["physical"], "gbv_type": "sexual_assault"},
    {"forms": ["sexual"], "gbv_type": "psychological_abuse"},
]


def _referrals(app) -> int:
    """How many referrals exist."""
    with app.app_context():
        return db.session.scalar(select(func.count(Referral.id)))


@pytest.mark.parametrize("recorded", SEXUAL_WITHOUT_ART_4_1)
def test_no_mediation_referral(app, world, make_case, as_user, recorded):
    """The referral asking for mediation is refused, and nothing is sent."""
    case = make_case(world.paralegal, tpks_crimes=[], **recorded)
    response = as_user(world.paralegal).post(f"/cases/{case.reference}/referrals/new",
                                             data=referral_form(world.uptd, services=["mediation"]))
    assert response.status_code == 422
    assert "Mediasi tidak diperbolehkan untuk kasus ini" in response.get_data(as_text=True)
    assert _referrals(app) == 0


def test_no_mediation_by_the_centre_itself(app, world, make_case, as_user):
    """The centre cannot record a mediation it gave for a rape case either."""
    case = make_case(world.paralegal, tpks_crimes=[], forms=["physical"], gbv_type="rape")
    response = as_user(world.paralegal).post(f"/cases/{case.reference}/services", data={
        "service_type": "mediation", "delivered_on": local_today().isoformat(),
        "outcome": "provided"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(ServiceRecord.id))) == 0


def test_a_child_perpetrator_still_allows_mediation(app, world, make_case, as_user):
    """The law's one exception holds for these cases too."""
    case = make_case(world.paralegal, tpks_crimes=[], forms=["physical"], gbv_type="rape",
                     perpetrator_is_child=True)
    response = as_user(world.paralegal).post(f"/cases/{case.reference}/referrals/new",
                                             data=referral_form(world.uptd, services=["mediation"]))
    assert response.status_code == 302
    assert _referrals(app) == 1
