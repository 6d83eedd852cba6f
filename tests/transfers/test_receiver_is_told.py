"""A proposed transfer is told to the receiving organisation's case workers and supervisors, in
their notification list, with nothing of the case in it."""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.notifications.models import Notification
from tests.transfers.conftest import CANARIES


def _notifications_of(app, user) -> list[str]:
    """The kinds of the user's in-app notifications."""
    with app.app_context():
        return list(db.session.scalars(select(Notification.kind).where(
            Notification.user_id == user.id, Notification.channel == "inapp")))


def test_the_receivers_are_told_and_the_sender_is_not(app, world, propose, as_user):
    assert propose().status_code == 200
    for told in (world.receiver_paralegal, world.receiver_paralegal2, world.receiver_supervisor):
        assert _notifications_of(app, told) == ["transfer_proposed"]
    for untold in (world.paralegal, world.supervisor, world.uptd_staff):
        assert "transfer_proposed" not in _notifications_of(app, untold)
    page = as_user(world.receiver_paralegal).get("/notifications/").get_data(as_text=True)
    assert "Pemindahan kasus" in page or "pemindahan kasus" in page
    assert world.case.reference not in page
    assert not [value for value in CANARIES.values() if value in page]


def test_a_refused_proposal_tells_nobody(app, world, propose):
    propose(to_org=world.dukcapil)
    assert _notifications_of(app, world.receiver_paralegal) == []
    assert _notifications_of(app, world.uptd_staff) == []
