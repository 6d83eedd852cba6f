"""A refused referral step is logged with the case reference, so the case's access history and
the sending NGO's supervisor see the attempt (not only the unit's own log)."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db


def _refused_entries(app, referral_id) -> list[AuditEntry]:
    """The refused entries about the referral."""
    with app.app_context():
        found = list(db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_id == referral_id, AuditEntry.outcome == "refused")))
        db.session.expunge_all()
        return found


def _accepted_twice(world, refer, as_user):
    """The unit accepts, then accepts again (a stale page): the second step is refused."""
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    assert staff.post(f"/referrals/{referral_id}/accept").status_code == 302
    return referral_id


def test_the_refused_entry_names_the_case(app, world, refer, as_user):
    """One refused accept entry, by the unit's staff, with the case reference."""
    referral_id = _accepted_twice(world, refer, as_user)
    entries = _refused_entries(app, referral_id)
    assert [(e.action, e.object_type, e.case_ref, e.actor_id) for e in entries] == [
        ("accept", "referral", world.case.reference, world.uptd_staff.id)]


def test_a_refused_withdrawal_names_the_case(app, world, refer, as_user):
    """The sending side's refused step too (withdrawing a referral already declined)."""
    referral_id = refer()
    as_user(world.uptd_staff).post(f"/referrals/{referral_id}/decline",
                                   data={"reason": "Di luar wilayah kami."})
    as_user(world.paralegal).post(f"/referrals/{referral_id}/withdraw",
                                  data={"reason": "Sudah tidak perlu."})
    assert [(e.action, e.case_ref) for e in _refused_entries(app, referral_id)] == [
        ("withdraw", world.case.reference)]


def test_the_case_history_and_the_supervisor_see_it(app, world, refer, as_user):
    """The paralegal's case history and the NGO supervisor's log both show the refused step."""
    _accepted_twice(world, refer, as_user)
    history = as_user(world.paralegal).get(f"/audit/cases/{world.case.reference}")
    assert "Menerima rujukan" in history.get_data(as_text=True)
    page = as_user(world.supervisor).get("/audit/", query_string={
        "case": world.case.reference, "action": "accept", "outcome": "refused"})
    entries = page.get_data(as_text=True).split('class="plain audit-log"')[1]
    assert page.status_code == 200 and world.uptd_staff.username in entries
