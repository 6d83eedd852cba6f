"""Two people accepting the same transfer at once: the second is refused, nothing half-changed."""

from __future__ import annotations

import threading

import pytest

from casework.accounts.models import User
from casework.cases.models import Case
from casework.extensions import db
from casework.transfers.errors import ConcurrentChange
from casework.transfers.models import CaseTransfer
from casework.transfers.operations import accept_transfer
from tests.conftest import POSTGRES_URL
from tests.transfers.conftest import transfers_of


def test_an_acceptance_saved_on_a_stale_copy_is_refused(app, world, proposed):
    with app.app_context():
        # The second person loaded the transfer while it was still proposed ...
        stale = db.session.get(CaseTransfer, proposed)
        _ = (stale.status, stale.version, stale.to_org, stale.case.assignments)
        db.session.expunge_all()
        db.session.commit()
        # ... then the first accepted it and committed ...
        with app.app_context():
            first = db.session.get(CaseTransfer, proposed)
            accept_transfer(first, db.session.get(User, world.receiver_paralegal.id),
                            db.session.get(User, world.receiver_paralegal.id))
            db.session.commit()
        # ... and now the second saves her acceptance on the copy she loaded.
        stale = db.session.merge(stale, load=False)
        with pytest.raises(ConcurrentChange):
            accept_transfer(stale, db.session.get(User, world.receiver_paralegal2.id),
                            db.session.get(User, world.receiver_paralegal2.id))
        db.session.rollback()
    [transfer] = transfers_of(app, world.case)
    assert transfer.assigned_to_id == world.receiver_paralegal.id
    with app.app_context():
        case = db.session.get(Case, world.case.id)
        assert [a.user_id for a in case.assignments if a.ended_at is None] == [
            world.receiver_paralegal.id]


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite serialises whole requests already")
def test_two_requests_accepting_at_the_same_moment(app, world, proposed, as_user):
    people = (world.receiver_paralegal, world.receiver_supervisor)
    clients = [as_user(person) for person in people]
    barrier = threading.Barrier(2)
    answers: list[str] = []

    def accept(client, assignee) -> None:
        barrier.wait()
        response = client.post(f"/transfers/{proposed}/accept",
                               data={"assignee": str(assignee.id)}, follow_redirects=True)
        answers.append(response.get_data(as_text=True))

    threads = [threading.Thread(target=accept, args=(c, p))
               for c, p in zip(clients, (world.receiver_paralegal, world.receiver_paralegal2),
                               strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    refused = [a for a in answers if "tidak ada yang diubah" in a or "tidak ada yang disimpan" in a]
    assert len(answers) == 2 and len(refused) == 1
    with app.app_context():
        case = db.session.get(Case, world.case.id)
        assert len([a for a in case.assignments if a.ended_at is None]) == 1
        assert case.organisation_id == world.receiver.id
