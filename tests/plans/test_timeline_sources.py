"""The case timeline shows the steps of case management, without any field value."""

from __future__ import annotations

from casework.i18n import local_today
from tests.plans.conftest import NEXT_WEEK


def test_steps_appear_on_the_timeline(as_paralegal, centre):
    """Assessment, safety plan, goal, follow-up, service and closing all show as events."""
    ref = centre.case.reference
    today = local_today().isoformat()
    as_paralegal.post(f"/cases/{ref}/assessment", data={"based_on": "", "risk_level": "low"})
    as_paralegal.post(f"/cases/{ref}/safety-plan", data={"based_on": "0",
                                                         "safe_places": "Rahasia-XYZ",
                                                         "copy_status": "not_offered"})
    as_paralegal.post(f"/cases/{ref}/goals/new", data={"area": "health", "description": "Sehat"})
    as_paralegal.post(f"/cases/{ref}/followups", data={
        "contact_on": today, "method": "visit", "outcome": "reached_safe", "next_on": NEXT_WEEK})
    as_paralegal.post(f"/cases/{ref}/services", data={
        "service_type": "psychological", "delivered_on": today, "outcome": "provided"})
    as_paralegal.post(f"/cases/{ref}/close", data={"reason": "needs_met", "note": "Selesai.",
                                                   "version": "2"})
    as_paralegal.post(f"/cases/{ref}/reopen", data={"reason": "Datang lagi", "version": "3"})
    page = as_paralegal.get(f"/cases/{ref}/timeline").data.decode()
    for label in ("Asesmen kebutuhan dan risiko dilakukan", "Rencana keselamatan ditulis (versi 1)",
                  "Tujuan ditambahkan", "Tindak lanjut: Kunjungan", "Layanan diberikan",
                  "Kasus ditutup", "Kasus dibuka kembali"):
        assert label in page, label
    assert "Rahasia-XYZ" not in page
