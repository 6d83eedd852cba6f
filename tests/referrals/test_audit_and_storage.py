"""Every step is audited without values; reasons and notes are stored encrypted."""

from __future__ import annotations

from sqlalchemy import select, text

from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.i18n import local_today

REASON = "ZqCanaryReason-77 perlu rumah aman"


def test_steps_are_audited_and_free_text_is_encrypted(app, world, refer, as_user):
    referral_id = refer(reason=REASON)
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    staff.post(f"/referrals/{referral_id}/services", data={
        "service_type": "psychological", "delivered_on": local_today().isoformat(),
        "outcome": "provided", "note": "ZqCanaryNote-78"})
    staff.post(f"/referrals/{referral_id}/complete", data={"note": "ZqCanaryClose-79"})
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.case_ref == world.case.reference)).all()
        actions = [(e.action, e.object_type) for e in entries]
        dump = "".join(str(row) for table in ("referral", "referral_transition", "service_record",
                                              "audit_entry")
                       for row in db.session.execute(text(f"SELECT * FROM {table}")))
    for step in ("refer", "accept", "complete"):
        assert (step, "referral") in actions
    assert ("create", "service") in actions
    for canary in ("ZqCanaryReason", "ZqCanaryNote", "ZqCanaryClose"):
        assert canary not in dump
