"""Work done once: the unread count once per page (the menu badge and the list both show
it), every recipient's choices in one query when many are told."""

from __future__ import annotations

from sqlalchemy import event

from casework.accounts.models import User
from casework.extensions import db
from casework.notifications.operations import notify


class Statements:
    """The SQL statements run while it is open that mention a text."""

    def __init__(self, app, text: str) -> None:
        self.app, self.text, self.seen = app, text, []

    def _record(self, _conn, _cursor, statement, *_args) -> None:
        if self.text in statement:
            self.seen.append(statement)

    def __enter__(self) -> Statements:
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


def test_the_notifications_page_counts_the_unread_once(app, mailed, refer, as_user):
    refer()
    client = as_user(mailed.world.uptd_staff)
    with Statements(app, "count(notification.id)") as counted:
        page = client.get("/notifications/")
    assert page.status_code == 200
    assert len(counted.seen) == 1


def test_the_choices_of_many_recipients_are_read_in_one_query(app, mailed):
    world = mailed.world
    with app.app_context():
        users = [db.session.get(User, person.id) for person in
                 (world.uptd_staff, world.uptd_staff2, world.dukcapil_staff, world.supervisor)]
        with Statements(app, "FROM notification_preference") as read:
            assert notify(users, "transfer_proposed") == 4
        db.session.rollback()
    assert len(read.seen) == 1
