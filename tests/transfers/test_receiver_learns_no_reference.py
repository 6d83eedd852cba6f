"""Before it accepts, the receiving organisation learns nothing of the case's reference: its
supervisors read its staff's access-log entries, so the decision page's and the decline's
entries name the transfer, not the case. Once accepted, the reference is the receiver's."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db


def _entries(app, user) -> list[tuple[str, str | None, str | None]]:
    """(action, object type, case reference) of each entry the user wrote, oldest first."""
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(AuditEntry.action, AuditEntry.object_type, AuditEntry.case_ref)
            .where(AuditEntry.actor_id == user.id).order_by(AuditEntry.seq))]


def test_looking_and_declining_leave_no_case_reference(app, world, proposed, as_user):
    client = as_user(world.receiver_supervisor)
    assert client.get(f"/transfers/{proposed}").status_code == 200
    client.post(f"/transfers/{proposed}/decline", data={"reason": "Wilayah kami penuh."})
    entries = [e for e in _entries(app, world.receiver_supervisor) if e[1] == "transfer"]
    assert ("view", "transfer", None) in entries
    assert ("decline_transfer", "transfer", None) in entries
    assert all(world.case.reference not in str(e) for e in entries)
    log = client.get("/audit/")
    assert log.status_code == 200 and "transfer" in log.get_data(as_text=True).lower()
    assert world.case.reference not in log.get_data(as_text=True)


def test_after_accepting_the_entry_names_the_case(app, world, proposed, as_user):
    as_user(world.receiver_paralegal).post(
        f"/transfers/{proposed}/accept", data={"assignee": str(world.receiver_paralegal2.id)})
    assert ("accept_transfer", "transfer", world.case.reference) in _entries(
        app, world.receiver_paralegal)
