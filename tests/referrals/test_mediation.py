"""UU TPKS art. 23: no mediation for a sexual-violence crime whose perpetrator is an adult."""

from __future__ import annotations

from sqlalchemy import func, select

from casework.cases.models import ServiceRecord
from casework.extensions import db
from casework.i18n import local_today
from casework.referrals.models import Referral
from tests.referrals.conftest import get_referral, referral_form

SEXUAL = {"forms": ["sexual"], "tpks_crimes": ["physical_harassment"], "gbv_type": "sexual_assault"}


def _refer_mediation(as_user, world, case):
    return as_user(world.paralegal).post(
        f"/cases/{case.reference}/referrals/new",
        data=referral_form(world.uptd, services=["mediation"]),
    )


def test_mediation_refused_for_an_adult_perpetrators_sexual_violence(app, world, make_case, as_user):
    case = make_case(world.paralegal, **SEXUAL)
    page = as_user(world.paralegal).get(f"/cases/{case.reference}/referrals/new")
    assert "Pasal 23 UU TPKS" in page.get_data(as_text=True)
    response = _refer_mediation(as_user, world, case)
    assert response.status_code == 422
    assert "Mediasi tidak diperbolehkan untuk kasus ini" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Referral.id))) == 0


def test_mediation_allowed_when_the_perpetrator_is_a_child(app, world, make_case, as_user):
    case = make_case(world.paralegal, perpetrator_is_child=True, **SEXUAL)
    assert _refer_mediation(as_user, world, case).status_code == 302


def test_mediation_allowed_without_a_tpks_crime(world, as_user):
    assert _refer_mediation(as_user, world, world.case).status_code == 302


def test_unit_cannot_record_mediation_for_such_a_case(app, world, make_case, as_user):
    case = make_case(world.paralegal, **SEXUAL)
    response = as_user(world.paralegal).post(
        f"/cases/{case.reference}/referrals/new", data=referral_form(world.uptd))
    assert response.status_code == 302
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id).where(Referral.case_id == case.id))
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    response = staff.post(f"/referrals/{referral_id}/services", data={
        "service_type": "mediation", "delivered_on": local_today().isoformat(),
        "outcome": "provided"})
    assert response.status_code == 422
    assert "Mediasi tidak diperbolehkan" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ServiceRecord.id))) == 0
    assert get_referral(app, referral_id).status == "accepted"
