"""Exports: audited, anonymous, consent respected, and safe to open in a spreadsheet."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts.models import Organisation
from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.reports.exports import safe_cell
from tests.conftest import case_data
from tests.reports.conftest import read_csv, this_year

EXPORTS = {"tables": "report_tables", "simfoni": "simfoni", "gbvims": "gbvims"}


@pytest.fixture
def exported(client, login, network, add_cases, add_service, withdraw_statistics_consent):
    """Eight consenting cases with a service, and one whose survivor withdrew consent."""
    cases = add_cases(network["north_paralegal"], 8, forms=["sexual", "psychological"],
                      tpks_crimes=["electronic"], gbv_type="sexual_assault", place="online",
                      perpetrator_relationship="partner", age_band="18-24",
                      province_code="32", regency_code="3204", district_code="320405")
    add_service(cases[0], "psychological")
    refused = add_cases(network["north_paralegal"], 1)[0]
    withdraw_statistics_consent(refused)
    login(client, network["ngo_supervisor"])
    return {"cases": cases, "refused": refused}


@pytest.mark.parametrize("name", EXPORTS)
def test_each_export_is_audited(app, client, exported, name):
    """Every download writes one 'export' entry with no case reference in it."""
    response = client.get(f"/reports/export/{name}.csv", query_string=this_year())
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
        assert (entry.object_type, entry.outcome, entry.case_ref) == (EXPORTS[name], "ok", None)


@pytest.mark.parametrize("name", EXPORTS)
def test_no_export_holds_names_nik_phone_or_references(client, exported, name):
    """Nothing identifying: no name, NIK, phone, narrative or case reference."""
    body = client.get(f"/reports/export/{name}.csv", query_string=this_year()).data.decode()
    data = case_data()
    for secret in (data["name"], data["nik"], data["phone"], data["narrative"], "Siti"):
        assert secret not in body
    for case in [*exported["cases"], exported["refused"]]:
        assert case.reference not in body


def test_simfoni_has_the_register_columns_and_one_row_per_consenting_victim(client, exported):
    """Indonesian column names, Indonesian category labels, the refusing survivor left out."""
    rows = read_csv(client.get("/reports/export/simfoni.csv", query_string=this_year()))
    start = next(number for number, row in enumerate(rows) if row[:1] == ["No"])
    header, body = rows[start], rows[start + 1:]
    assert header[:4] == ["No", "Kode Korban", "Bulan Pelaporan", "Bulan Kejadian"]
    assert len(body) == 8
    first = dict(zip(header, body[0], strict=True))
    assert first["Jenis Kelamin Korban"] == "Perempuan"
    assert first["Kelompok Umur Korban"] == "18–24 tahun"
    assert first["Bentuk Kekerasan"] == "Psikis; Seksual"
    assert first["Tindak Pidana Kekerasan Seksual (UU TPKS)"] == (
        "Kekerasan seksual berbasis elektronik")
    assert first["Kode Kecamatan"] == "320405"
    assert "Layanan psikologis" in {dict(zip(header, row, strict=True))["Layanan yang Diterima"]
                                    for row in body}


def test_gbvims_uses_survivor_codes_and_respects_consent(client, exported, login, network):
    """Survivor codes, not references; months, not days; the refusing survivor left out."""
    rows = read_csv(client.get("/reports/export/gbvims.csv", query_string=this_year()))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["survivor_code", "report_month", "incident_month", "sex", "age_band"]
    assert len(body) == 8
    codes = {row[0] for row in body}
    assert len(codes) == 8 and all(code.startswith("S-") for code in codes)
    first = dict(zip(header, body[0], strict=True))
    assert (first["gbv_type"], first["perpetrator_relationship"]) == ("sexual_assault", "partner")
    assert len(first["report_month"]) == 7
    again = read_csv(client.get("/reports/export/gbvims.csv", query_string=this_year()))
    assert {row[0] for row in again[1:]} == codes  # stable between exports


def test_page_says_how_many_were_left_out(client, exported):
    """The page tells the supervisor that one case is not in the per-victim files."""
    html = client.get("/reports/", query_string=this_year()).data.decode()
    assert "1 kasus tidak dimasukkan" in html


def test_tables_export_is_always_suppressed(client, login, network, add_cases):
    """Even for her own centre, whose page shows exact counts, the CSV hides small ones."""
    add_cases(network["north_paralegal"], 2, place="school")
    add_cases(network["north_paralegal"], 9, place="household")
    login(client, network["north_supervisor"])
    rows = read_csv(client.get("/reports/export/tables.csv", query_string=this_year()))
    school = [row for row in rows if row[0] == "Tempat kejadian"
              and row[1] == "Sekolah / lembaga pendidikan"]
    assert [row[3] for row in school] == ["<5", "0", "<5"]


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tcmd"])
def test_formula_cells_are_neutralised(value):
    """A cell a spreadsheet would run starts with a quote instead."""
    assert safe_cell(value) == "'" + value


def test_plain_cells_are_unchanged():
    """Ordinary text and numbers pass as they are."""
    assert [safe_cell(v) for v in ("Perempuan", 7, "<5", "0-5")] == ["Perempuan", "7", "<5", "0-5"]


def test_unit_name_with_a_formula_is_neutralised_in_the_export(app, client, login, network,
                                                               add_cases, add_referral,
                                                               make_org):
    """An organisation named like a formula (typed by an admin) is exported as text."""
    unit = make_org("dinas_sosial", code="dinsos-x")
    with app.app_context():
        db.session.get(Organisation, unit.id).name = '=HYPERLINK("http://evil","klik")'
        db.session.commit()
    case = add_cases(network["north_paralegal"], 1)[0]
    add_referral(case, unit)
    login(client, network["north_supervisor"])
    body = client.get("/reports/export/tables.csv", query_string=this_year()).data.decode()
    assert "'=HYPERLINK" in body
    assert ',=HYPERLINK' not in body and '"=HYPERLINK' not in body
