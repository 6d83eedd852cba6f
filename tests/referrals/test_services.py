"""Services a unit records: dates, GBVIMS outcomes, and Dukcapil's documents."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from casework.cases.models import ServiceRecord
from casework.extensions import db
from casework.i18n import local_today


def _accepted(refer, as_user, world, unit, staff, service):
    groups = ["identity", "nik"] if unit.kind == "dukcapil" else ["identity"]
    referral_id = refer(unit, services=[service], groups=groups)
    client = as_user(staff)
    client.post(f"/referrals/{referral_id}/accept")
    return referral_id, client


def test_dukcapil_records_the_document_and_whether_it_was_issued(app, world, refer, as_user):
    referral_id, client = _accepted(refer, as_user, world, world.dukcapil, world.dukcapil_staff,
                                    "civil_documents")
    page = client.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "3204054507900001" in page
    response = client.post(f"/referrals/{referral_id}/services", data={
        "service_type": "civil_documents", "delivered_on": local_today().isoformat(),
        "outcome": "provided", "document_type": "ktp_el", "document_issued": "y"})
    assert response.status_code == 302
    with app.app_context():
        record = db.session.scalar(select(ServiceRecord).where(
            ServiceRecord.referral_id == referral_id))
        assert (record.document_type, record.document_issued) == ("ktp_el", True)
        assert record.provider_org_id == world.dukcapil.id
    sender_page = as_user(world.paralegal).get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "KTP-el" in sender_page and "diterbitkan" in sender_page


def test_document_type_is_required_for_civil_documents(app, world, refer, as_user):
    referral_id, client = _accepted(refer, as_user, world, world.dukcapil, world.dukcapil_staff,
                                    "civil_documents")
    response = client.post(f"/referrals/{referral_id}/services", data={
        "service_type": "civil_documents", "delivered_on": local_today().isoformat(),
        "outcome": "provided", "note": "Catatan layanan tetap ada."})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Pilih dokumen yang dimohon." in body and "Catatan layanan tetap ada." in body


def test_future_dates_and_missing_outcomes_are_refused(app, world, refer, as_user):
    referral_id, client = _accepted(refer, as_user, world, world.uptd, world.uptd_staff,
                                    "psychological")
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    for data in ({"service_type": "psychological", "delivered_on": tomorrow, "outcome": "provided"},
                 {"service_type": "psychological", "delivered_on": local_today().isoformat(),
                  "outcome": ""},
                 {"service_type": "civil_documents", "delivered_on": local_today().isoformat(),
                  "outcome": "provided"}):
        assert client.post(f"/referrals/{referral_id}/services", data=data).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(ServiceRecord.id)) is None


def test_services_cannot_be_recorded_before_acceptance(app, world, refer, as_user):
    referral_id = refer()
    response = as_user(world.uptd_staff).post(f"/referrals/{referral_id}/services", data={
        "service_type": "psychological", "delivered_on": local_today().isoformat(),
        "outcome": "provided"})
    assert response.status_code == 422
    assert "Rujukan ini sudah dikirim" in response.get_data(as_text=True)
