"""On acceptance the case belongs to the receiver: the sender's staff and supervisors lose it on
their very next request (case page, list, search), the person assigned at the receiver has it."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import Case, CaseAssignment, ClosureRequest
from casework.extensions import db
from tests.transfers.conftest import CANARIES, denials, transfers_of


def _accept(as_user, world, transfer_id, by=None, assignee=None):
    """Accept as the receiving centre's paralegal (or `by`), assigning `assignee`."""
    client = as_user(by or world.receiver_paralegal)
    return client.post(f"/transfers/{transfer_id}/accept",
                       data={"assignee": str((assignee or world.receiver_paralegal2).id)},
                       follow_redirects=True)


def _search(client, text: str) -> str:
    """The search page's answer for a query."""
    return client.post("/search", data={"q": text}).get_data(as_text=True)


def test_the_sender_loses_the_case_on_her_next_request(app, world, proposed, as_user):
    sender, sender_supervisor = as_user(world.paralegal), as_user(world.supervisor)
    page = f"/cases/{world.case.reference}"
    link = f'href="{page}"'
    assert sender.get(page).status_code == 200  # her session is open before ...
    assert world.case.reference in _search(sender, CANARIES["nik"])
    assert link in sender.get("/cases/").get_data(as_text=True)
    assert "Pemindahan diterima" in _accept(as_user, world, proposed).get_data(as_text=True)
    before = denials(app, world.paralegal)
    assert sender.get(page).status_code == 404  # ... and the next request is refused, logged
    assert denials(app, world.paralegal) == before + 1
    listed = sender.get("/cases/").get_data(as_text=True)
    assert link not in listed and "K.T." not in listed  # at most a notice with the reference
    assert world.case.reference not in _search(sender, CANARIES["nik"])
    assert world.case.reference not in _search(sender, "Kenanga")
    before = denials(app, world.supervisor)
    assert sender_supervisor.get(page).status_code == 404
    assert denials(app, world.supervisor) == before + 1
    listed = sender_supervisor.get("/cases/").get_data(as_text=True)
    assert link not in listed and "K.T." not in listed


def test_the_receiver_gains_it_and_the_person_assigned_sees_it_in_her_list(
        app, world, proposed, as_user):
    assignee = as_user(world.receiver_paralegal2)
    assert assignee.get(f"/cases/{world.case.reference}").status_code == 404
    _accept(as_user, world, proposed)
    listed = assignee.get("/cases/").get_data(as_text=True)
    assert world.case.reference in listed
    page = assignee.get(f"/cases/{world.case.reference}").get_data(as_text=True)
    assert CANARIES["name"] in page and CANARIES["narrative"] in page
    with app.app_context():
        case = db.session.get(Case, world.case.id)
        active = [a.user_id for a in case.assignments if a.ended_at is None]
        assert case.organisation_id == world.receiver.id
        assert active == [world.receiver_paralegal2.id]
        ended = db.session.scalars(select(CaseAssignment.user_id).where(
            CaseAssignment.case_id == case.id, CaseAssignment.ended_at.is_not(None))).all()
        assert world.paralegal.id in ended


def test_the_receiver_s_timeline_says_where_the_case_came_from(app, world, proposed, as_user):
    _accept(as_user, world, proposed)
    client = as_user(world.receiver_paralegal2)
    page = client.get(f"/cases/{world.case.reference}/timeline").get_data(as_text=True)
    assert f"Dipindahkan dari {world.centre.name} ke {world.receiver.name}" in page


def test_a_unit_that_holds_cases_may_receive_and_assign_its_own_staff(
        app, world, propose, as_user):
    propose(world.uptd)
    transfer_id = transfers_of(app, world.case)[-1].id
    response = _accept(as_user, world, transfer_id, by=world.uptd_supervisor,
                       assignee=world.uptd_staff)
    assert "Pemindahan diterima" in response.get_data(as_text=True)
    with app.app_context():
        case = db.session.get(Case, world.case.id)
        assert case.organisation_id == world.uptd.id
        assert [a.user_id for a in case.assignments if a.ended_at is None] == [
            world.uptd_staff.id]


def test_accepted_twice_is_refused_and_nothing_changes(app, world, proposed, as_user):
    _accept(as_user, world, proposed)
    again = _accept(as_user, world, proposed, by=world.receiver_supervisor,
                    assignee=world.receiver_paralegal)
    assert "sudah diterima; tidak ada yang diubah" in again.get_data(as_text=True)
    [transfer] = transfers_of(app, world.case)
    assert transfer.decided_by_id == world.receiver_paralegal.id
    assert transfer.assigned_to_id == world.receiver_paralegal2.id
    with app.app_context():
        case = db.session.get(Case, world.case.id)
        assert [a.user_id for a in case.assignments if a.ended_at is None] == [
            world.receiver_paralegal2.id]


def test_only_a_case_worker_of_the_receiver_can_be_assigned(app, world, proposed, as_user):
    response = _accept(as_user, world, proposed, assignee=world.paralegal)
    assert "Pilih petugas kasus aktif di lembaga Anda" in response.get_data(as_text=True)
    assert transfers_of(app, world.case)[0].status == "proposed"
    with app.app_context():
        assert db.session.get(Case, world.case.id).organisation_id == world.centre.id


def test_a_request_to_close_waiting_at_the_sender_is_superseded(app, world, proposed, as_user):
    with app.app_context():
        waiting = ClosureRequest(case_id=world.case.id, reason="moved_away", grounds="high_risk",
                                 requested_by_id=world.paralegal.id)
        db.session.add(waiting)
        db.session.commit()
        request_id = waiting.id
    _accept(as_user, world, proposed)
    with app.app_context():
        assert db.session.get(ClosureRequest, request_id).status == "superseded"
