"""The whole referral: sent by the paralegal, accepted, served and completed by the unit."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.cases.models import Consent, ServiceRecord
from casework.extensions import db
from casework.i18n import local_today
from tests.referrals.conftest import get_referral


def test_paralegal_refers_and_unit_serves_and_completes(app, world, refer, as_user):
    referral_id = refer(services=["psychological", "shelter"], urgency="urgent")
    sent = get_referral(app, referral_id)
    assert sent.status == "sent"
    assert sent.scope == "identity,safe_contact"
    assert sent.reference.startswith("RJ-")

    staff = as_user(world.uptd_staff)
    inbox = staff.get("/referrals/").get_data(as_text=True)
    assert sent.reference in inbox

    before = staff.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "Butuh konseling psikologis." in before and "Siti Aminah" not in before
    assert staff.post(f"/referrals/{referral_id}/accept").status_code == 302
    page = staff.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "Siti Aminah" in page and "melati" in page
    assert staff.post(f"/referrals/{referral_id}/services", data={
        "service_type": "psychological", "delivered_on": local_today().isoformat(),
        "outcome": "provided", "note": "Sesi pertama.",
    }).status_code == 302
    assert staff.post(f"/referrals/{referral_id}/complete",
                      data={"note": "Konseling selesai."}).status_code == 302

    done = get_referral(app, referral_id)
    assert done.status == "completed"
    assert done.transitions == [(None, "sent"), ("sent", "accepted"), ("accepted", "completed")]
    with app.app_context():
        service = db.session.scalar(select(ServiceRecord).where(
            ServiceRecord.referral_id == referral_id))
        assert service.provider_org_id == world.uptd.id and service.outcome == "provided"
        consent = db.session.scalar(select(Consent).where(Consent.referral_id == referral_id))
        assert consent.purpose == "referral" and consent.active
        actions = list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_id == referral_id)))
    for action in ("refer", "view", "accept", "complete"):
        assert action in actions


def test_sender_sees_status_history_and_services_on_the_case_page(app, world, refer, as_user):
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    staff.post(f"/referrals/{referral_id}/services", data={
        "service_type": "psychological", "delivered_on": local_today().isoformat(),
        "outcome": "provided",
    })
    page = as_user(world.paralegal).get(f"/cases/{world.case.reference}").get_data(as_text=True)
    reference = get_referral(app, referral_id).reference
    assert reference in page
    assert "Accepted" in page or "Diterima" in page
    assert "Psychological services" in page or "Layanan psikologis" in page
    assert "Provided" in page or "Diberikan" in page
