"""The organisation's own services: date and GBVIMS outcome; mediation refused under UU TPKS art. 23."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import ServiceRecord
from casework.extensions import db
from tests.plans.conftest import TOMORROW, YESTERDAY, audit_actions


def service_data(**overrides) -> dict:
    """A valid service form."""
    data = {"service_type": "psychological", "delivered_on": YESTERDAY, "outcome": "provided",
            "note": "Konseling pertama."}
    data.update(overrides)
    return data


def test_own_service_recorded(app, as_paralegal, centre):
    """Recorded as the organisation's own (no referral), shown with its outcome."""
    ref = centre.case.reference
    assert as_paralegal.post(f"/cases/{ref}/services", data=service_data()).status_code == 302
    page = as_paralegal.get(f"/cases/{ref}/services").data.decode()
    assert "Layanan psikologis" in page and "Konseling pertama." in page
    with app.app_context():
        service = db.session.scalars(select(ServiceRecord)).one()
        assert service.referral_id is None and service.provider_org_id == centre.org.id
    assert audit_actions(app, "service") == ["create", "view"]


def test_mediation_refused_for_sexual_violence_crime(app, client, login, centre, make_case):
    """A TPKS crime by an adult may not be mediated: refused with the reason, nothing saved."""
    case = make_case(centre.paralegal, forms=["sexual"], gbv_type="sexual_assault",
                     tpks_crimes=["physical_harassment"])
    login(client, centre.paralegal)
    response = client.post(f"/cases/{case.reference}/services",
                           data=service_data(service_type="mediation"))
    assert response.status_code == 422
    assert "UU TPKS" in response.data.decode() and "Konseling pertama." in response.data.decode()
    with app.app_context():
        assert db.session.scalars(select(ServiceRecord)).all() == []


def test_mediation_allowed_when_the_perpetrator_is_a_child(client, login, centre, make_case):
    """Art. 23's exception: the perpetrator is a child."""
    case = make_case(centre.paralegal, forms=["sexual"], gbv_type="sexual_assault",
                     tpks_crimes=["physical_harassment"], perpetrator_is_child=True)
    login(client, centre.paralegal)
    response = client.post(f"/cases/{case.reference}/services",
                           data=service_data(service_type="mediation"))
    assert response.status_code == 302


def test_future_date_and_missing_outcome_refused(as_paralegal, centre):
    """A service dated tomorrow, or without an outcome, comes back with a message."""
    ref = centre.case.reference
    ahead = as_paralegal.post(f"/cases/{ref}/services", data=service_data(delivered_on=TOMORROW))
    assert ahead.status_code == 422 and "masa depan" in ahead.data.decode()
    blank = as_paralegal.post(f"/cases/{ref}/services", data=service_data(outcome=""))
    assert blank.status_code == 422 and "Konseling pertama." in blank.data.decode()


def test_service_on_closed_case_refused(app, as_paralegal, centre):
    """A closed case takes no service."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/close", data={"reason": "needs_met", "note": "Selesai.",
                                                   "version": "1"})
    response = as_paralegal.post(f"/cases/{ref}/services", data=service_data(),
                                 follow_redirects=True)
    assert "buka kembali" in response.data.decode()
    with app.app_context():
        assert db.session.scalars(select(ServiceRecord)).all() == []
