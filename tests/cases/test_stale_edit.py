"""SECURITY.md 28: two people editing the same case; the second save is refused, input kept."""

from __future__ import annotations

from tests.conftest import case_data


def test_second_save_refused_with_input_kept(client, app, login, make_user, make_case):
    """Both open version 1; the first save wins, the second is told and keeps its text."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal)
    login(client, paralegal)
    first = client.post(f"/cases/{case.reference}/edit",
                        data=case_data(name="Versi Pertama", version="1"))
    assert first.status_code == 302
    second = client.post(f"/cases/{case.reference}/edit",
                         data=case_data(name="Versi Kedua", version="1"))
    assert second.status_code == 409
    assert b"Versi Kedua" in second.data
    assert b"menyimpan" in second.data
    page = client.get(f"/cases/{case.reference}").data
    assert b"Versi Pertama" in page and b"Versi Kedua" not in page


def test_edit_form_shows_current_values(client, login, make_user, make_case):
    """The edit page is filled with the saved answers."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal, name="Dewi Sartika", safe_time="Pagi 8-9")
    login(client, paralegal)
    page = client.get(f"/cases/{case.reference}/edit").data
    assert b"Dewi Sartika" in page and b"Pagi 8-9" in page
