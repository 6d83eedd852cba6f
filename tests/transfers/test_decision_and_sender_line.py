"""The receiver decides on a reference-free summary; a decline carries a reason to the sender;
after acceptance the sender keeps one line (reference, date, to whom) and no survivor data."""

from __future__ import annotations

from flask_babel import format_date

from casework.i18n import local_today
from tests.transfers.conftest import CANARIES, denials, transfers_of


def _has_canary(page: str) -> bool:
    """Whether any of the case's canary values shows on a page."""
    return any(value in page for value in CANARIES.values())


def test_the_receiver_sees_what_a_decision_needs_and_no_identity(world, proposed, as_user):
    client = as_user(world.receiver_supervisor)
    listed = client.get("/transfers/").get_data(as_text=True)
    assert f"/transfers/{proposed}" in listed and world.centre.name in listed
    page = client.get(f"/transfers/{proposed}").get_data(as_text=True)
    for shown in (world.centre.name, "Ia pindah ke wilayah lembaga penerima", "25–44 tahun",
                  "Fisik", "Segera (dalam 24 jam)"):
        assert shown in page
    assert world.case.reference not in listed + page
    assert not _has_canary(listed + page)
    assert "Pindah ke rumah kakaknya." not in page  # her note comes with the case


def test_others_cannot_open_the_decision_page(app, world, proposed, as_user):
    for user in (world.paralegal, world.supervisor, world.uptd_supervisor, world.uptd_staff):
        before = denials(app, user)
        assert as_user(user).get(f"/transfers/{proposed}").status_code == 404
        assert denials(app, user) == before + 1


def test_a_decline_keeps_the_case_and_tells_the_sender_why(app, world, proposed, as_user):
    client = as_user(world.receiver_supervisor)
    response = client.post(f"/transfers/{proposed}/decline",
                           data={"reason": "Wilayah kami penuh bulan ini."}, follow_redirects=True)
    assert "Pemindahan ditolak" in response.get_data(as_text=True)
    assert transfers_of(app, world.case)[0].status == "declined"
    page = as_user(world.paralegal).get(f"/cases/{world.case.reference}").get_data(as_text=True)
    assert "Wilayah kami penuh bulan ini." in page
    again = client.post(f"/transfers/{proposed}/accept",
                        data={"assignee": str(world.receiver_paralegal.id)}, follow_redirects=True)
    assert "sudah ditolak; tidak ada yang diubah" in again.get_data(as_text=True)


def test_a_decline_needs_a_reason(app, world, proposed, as_user):
    client = as_user(world.receiver_paralegal)
    response = client.post(f"/transfers/{proposed}/decline", data={"reason": "  "})
    assert response.status_code == 422
    assert transfers_of(app, world.case)[0].status == "proposed"


def test_after_acceptance_the_sender_keeps_one_line_and_no_survivor_data(
        world, proposed, as_user):
    as_user(world.receiver_paralegal).post(f"/transfers/{proposed}/accept", data={
        "assignee": str(world.receiver_paralegal.id)})
    for user in (world.paralegal, world.supervisor):
        client = as_user(user)
        line = client.get("/transfers/?tab=sent").get_data(as_text=True)
        assert world.case.reference in line and world.receiver.name in line
        assert "Diterima" in line
        pages = line + client.get("/cases/").get_data(as_text=True)
        pages += client.get("/referrals/").get_data(as_text=True)
        pages += client.get("/transfers/").get_data(as_text=True)
        assert not _has_canary(pages) and "K.T." not in pages


def test_the_sent_line_is_dated(app, world, proposed, as_user):
    as_user(world.receiver_paralegal).post(f"/transfers/{proposed}/accept", data={
        "assignee": str(world.receiver_paralegal.id)})

    with app.test_request_context("/"):
        today = format_date(local_today(), "medium")
    line = as_user(world.paralegal).get("/transfers/?tab=sent").get_data(as_text=True)
    assert today in line
