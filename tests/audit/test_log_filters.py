"""Filtering the log by person, case, action, outcome and date; odd input gets clear messages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casework.database import utcnow


@pytest.fixture
def supervisor_a(client, login, two_ngos):
    """NGO A's supervisor, logged in, after both paralegals opened their cases."""
    for key in ("a", "b"):
        side = two_ngos[key]
        other = client.application.test_client()
        login(other, side["paralegal"])
        other.get(f"/cases/{side['case'].reference}")
        other.get("/cases/")
    login(client, two_ngos["a"]["supervisor"])
    return two_ngos


def _entries(client, query: str):
    """The log page for a query string: its status and text."""
    page = client.get(f"/audit/?{query}")
    return page.status_code, page.get_data(as_text=True)


def test_filter_by_case_reference_with_or_without_hyphen(client, supervisor_a):
    """Typed in lower case without the hyphen, the case is still found."""
    ref = supervisor_a["a"]["case"].reference
    for typed in (ref, ref.lower().replace("-", "")):
        status, text = _entries(client, f"case={typed}")
        assert status == 200 and text.count(f'<span class="ref">{ref}') + text.count(f">{ref}</a>") >= 2


def test_filter_by_action_and_outcome(client, supervisor_a):
    """Only 'list' entries, then only refusals (none yet)."""
    status, text = _entries(client, "action=list")
    assert status == 200 and "Melihat daftar" in text and "— Melihat <small>" not in text
    status, text = _entries(client, "outcome=denied")
    assert status == 200 and "Tidak ada catatan yang sesuai" in text


def test_filter_by_person(client, supervisor_a):
    """Entries of one person only."""
    paralegal = supervisor_a["a"]["paralegal"]
    status, text = _entries(client, f"person={paralegal.id}")
    assert status == 200 and "Dewi Lestari" in text and "Supervisor A</strong>" not in text


def test_filter_by_dates(client, supervisor_a):
    """Today's entries are in a period that holds today, not in one that ended yesterday."""
    today = utcnow().date()
    day = timedelta(days=1)
    status, text = _entries(client, f"date_from={today - day}&date_to={today + day}")
    assert status == 200 and "Dewi Lestari</strong>" in text
    status, text = _entries(client, f"date_from=2020-01-01&date_to={today - timedelta(days=2)}")
    assert status == 200 and "Dewi Lestari</strong>" not in text and "Tidak ada catatan" in text


BAD_FILTERS = [
    ("date_from=2026-13-45", "Tulis tanggal sebagai tahun-bulan-tanggal"),
    ("date_to=31/12/2026", "Tulis tanggal sebagai tahun-bulan-tanggal"),
    ("date_from=0001-01-01", "antara tahun 2000 dan 2100"),
    ("date_from=2026-05-02&date_to=2026-05-01", "Tanggal akhir lebih awal"),
    ("case=%27%20OR%201%3D1%20--", "Nomor kasus terdiri dari 8 huruf"),
    ("case=<script>alert(1)</script>", "Nomor kasus terdiri dari 8 huruf"),
    ("action=drop%20table", "Pilih tindakan dari daftar"),
    ("outcome=x", "Pilih hasil dari daftar"),
    ("flag=everything", "Pilih dari daftar"),
    ("person=not-a-uuid", "Pilih petugas dari daftar staf Anda"),
]


def test_bad_filters_get_clear_messages_and_no_entries(client, supervisor_a):
    """Each odd filter: 422, its message beside the field, no entries, nothing echoed raw."""
    for query, message in BAD_FILTERS:
        status, text = _entries(client, query)
        assert status == 422, query
        assert message in text, query
        assert "Dewi Lestari</strong>" not in text and "<script>alert" not in text, query


def test_another_ngos_person_is_refused_without_leaking(client, supervisor_a):
    """Asking for the other NGO's paralegal gives the same message as a made-up id."""
    other = supervisor_a["b"]["paralegal"]
    status, text = _entries(client, f"person={other.id}")
    assert status == 422 and "Pilih petugas dari daftar staf Anda" in text
    assert "Rina Wati" not in text and supervisor_a["b"]["case"].reference not in text


def test_another_ngos_case_shows_nothing(client, supervisor_a):
    """The other NGO's case reference is a valid filter that finds nothing of theirs."""
    status, text = _entries(client, f"case={supervisor_a['b']['case'].reference}")
    assert status == 200 and "Rina Wati" not in text and "Tidak ada catatan" in text
