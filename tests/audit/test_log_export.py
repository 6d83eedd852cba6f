"""Exporting the access log as CSV: filtered, in scope, spreadsheet-safe, and itself logged."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.audit.views import CSV_HEADER
from casework.extensions import db
from tests.conftest import case_data


def _export(client, query: str = ""):
    """Download the CSV and parse it."""
    response = client.get(f"/audit/export.csv?{query}")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    return response, rows


def test_export_holds_the_filtered_entries_of_her_organisations(app, client, login, two_ngos):
    """Header, one row per entry, names and codes, none of the other NGO's, no survivor value."""
    a, b = two_ngos["a"], two_ngos["b"]
    for side in (a, b):
        other = app.test_client()
        login(other, side["paralegal"])
        other.get(f"/cases/{side['case'].reference}")
    login(client, a["supervisor"])
    response, rows = _export(client, f"case={a['case'].reference}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert tuple(rows[0]) == CSV_HEADER
    views = [row for row in rows[1:] if row[5] == "view"]
    assert len(views) == 1 and views[0][3] == "Dewi Lestari" and views[0][8] == a["case"].reference
    body = response.get_data(as_text=True)
    assert b["case"].reference not in body and "Rina Wati" not in body
    for value in (case_data()["name"], case_data()["nik"], case_data()["phone"]):
        assert value not in body


def test_export_is_logged(app, client, login, two_ngos):
    """The download writes an `export` entry of the access log."""
    login(client, two_ngos["a"]["supervisor"])
    _export(client)
    with app.app_context():
        last = db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        assert (last.action, last.object_type, last.actor_id) == (
            "export", "audit_log", two_ngos["a"]["supervisor"].id)


def test_export_rows_come_in_batches_without_repeats(app, client, login, two_ngos, monkeypatch):
    """More rows than a batch: each entry exactly once, newest first."""
    monkeypatch.setattr("casework.audit.views.EXPORT_BATCH", 3)
    paralegal = app.test_client()
    login(paralegal, two_ngos["a"]["paralegal"])
    for _ in range(7):
        paralegal.get("/cases/")
    login(client, two_ngos["a"]["supervisor"])
    _response, rows = _export(client, "action=list")
    seqs = [int(row[0]) for row in rows[1:]]
    assert len(seqs) == 7 and seqs == sorted(set(seqs), reverse=True)


def test_a_display_name_cannot_become_a_formula(app, client, login, make_staff, two_ngos):
    """A name like =HYPERLINK(...) is written so a spreadsheet shows it as text."""
    a = two_ngos["a"]
    tricky = make_staff("paralegal", a["centre"], '=HYPERLINK("http://x","y")')
    other = app.test_client()
    login(other, tricky)
    other.get("/cases/")
    login(client, a["supervisor"])
    _response, rows = _export(client, f"person={tricky.id}")
    assert rows[1][3] == "'=HYPERLINK(\"http://x\",\"y\")"


def test_bad_filters_refuse_the_export(client, login, two_ngos):
    """An odd filter is refused rather than exporting something else than asked."""
    login(client, two_ngos["a"]["supervisor"])
    response, _rows = _export(client, "date_from=yesterday")
    assert response.status_code == 422
