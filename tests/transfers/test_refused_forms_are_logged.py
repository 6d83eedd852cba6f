"""A form shown again after a refused POST is a look at the case or the transfer: it is logged
like the first showing (the proposal with errors, an acceptance naming nobody, an empty decline)."""

from __future__ import annotations

from sqlalchemy import func, select

from casework.audit.models import AuditEntry
from casework.extensions import db


def _views(app, user, object_type: str) -> int:
    """How many view entries of this kind of object the user wrote."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.actor_id == user.id, AuditEntry.action == "view",
            AuditEntry.object_type == object_type))


def test_a_proposal_with_errors_logs_the_case_shown_again(app, world, as_user):
    before = _views(app, world.paralegal, "case")
    response = as_user(world.paralegal).post(f"/cases/{world.case.reference}/transfer",
                                             data={"reason": "moved_away"})
    assert response.status_code == 422
    assert _views(app, world.paralegal, "case") == before + 1


def test_an_acceptance_naming_nobody_logs_the_transfer_shown_again(app, world, proposed,
                                                                    as_user):
    response = as_user(world.receiver_paralegal).post(f"/transfers/{proposed}/accept",
                                                      data={"assignee": ""})
    assert response.status_code == 422
    assert _views(app, world.receiver_paralegal, "transfer") == 1


def test_an_empty_decline_logs_the_transfer_shown_again(app, world, proposed, as_user):
    response = as_user(world.receiver_paralegal).post(f"/transfers/{proposed}/decline",
                                                      data={"reason": ""})
    assert response.status_code == 422
    assert _views(app, world.receiver_paralegal, "transfer") == 1
