"""Paralegals see who opened their own cases: names and organisations, never the case data."""

from __future__ import annotations

from tests.conftest import case_data


def test_case_page_panel_lists_who_opened_the_case(app, client, login, two_ngos):
    """An outsider's refused try and the holder's own looks appear on the case page."""
    a, b = two_ngos["a"], two_ngos["b"]
    outsider = app.test_client()
    login(outsider, b["paralegal"])
    outsider.get(f"/cases/{a['case'].reference}")
    login(client, a["paralegal"])
    client.get(f"/cases/{a['case'].reference}")
    text = client.get(f"/cases/{a['case'].reference}").get_data(as_text=True)
    panel = text[text.index('id="access-history"'):]
    panel = panel[:panel.index("</section>")]
    assert "Rina Wati" in panel and "Akses ditolak" in panel
    assert "Dewi Lestari" in panel and "Melihat" in panel
    assert f"/audit/cases/{a['case'].reference}" in panel


def test_full_history_page_holds_no_survivor_value(app, client, login, two_ngos):
    """The history page names staff and organisations, and nothing the survivor told."""
    a = two_ngos["a"]
    login(client, a["paralegal"])
    client.get(f"/cases/{a['case'].reference}/edit")
    page = client.get(f"/audit/cases/{a['case'].reference}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Dewi Lestari" in text and "Melihat" in text
    for value in ("Siti Aminah", "Kejadian di rumah", case_data()["nik"], case_data()["phone"]):
        assert value not in text


def test_someone_elses_case_history_is_not_found(app, client, login, two_ngos):
    """Another organisation's case history: 404, and the attempt logged like any denial."""
    login(client, two_ngos["b"]["paralegal"])
    page = client.get(f"/audit/cases/{two_ngos['a']['case'].reference}")
    assert page.status_code == 404 and "Dewi Lestari" not in page.get_data(as_text=True)
    login(client, two_ngos["a"]["paralegal"])
    history = client.get(f"/audit/cases/{two_ngos['a']['case'].reference}").get_data(as_text=True)
    assert "Rina Wati" in history and "Akses ditolak" in history


def test_paralegals_cannot_read_the_whole_log(client, login, two_ngos):
    """The case history is theirs; the log page is not."""
    login(client, two_ngos["a"]["paralegal"])
    assert client.get("/audit/").status_code == 404
    assert client.get(f"/audit/people/{two_ngos['a']['paralegal'].id}").status_code == 404
