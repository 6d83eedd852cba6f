"""The SIMFONI-PPA export cannot single a victim out: months, regency, no rare combination."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reports.conftest import read_csv, this_year

CILEUNYI = {"province_code": "32", "regency_code": "3204", "district_code": "320405"}


def register(response) -> tuple[list[str], list[dict[str, str]]]:
    """The export's note lines and its rows as dicts by column name."""
    rows = read_csv(response)
    start = next(number for number, row in enumerate(rows) if row[:1] == ["No"])
    header = rows[start]
    return ([row[0] for row in rows[:start] if row],
            [dict(zip(header, row, strict=True)) for row in rows[start + 1:]])


@pytest.fixture
def exported(client, login, network, add_cases):
    """Five alike in Cileunyi, five alike spread over two other districts of the regency, and
    one woman with a disability no one else in the export shares."""
    add_cases(network["north_paralegal"], 5, age_band="25-44", disability="none",
              incident_date=date(2026, 3, 17), **CILEUNYI)
    for district, n in (("320406", 2), ("320407", 3)):
        add_cases(network["north_paralegal"], n, age_band="25-44", disability="none",
                  province_code="32", regency_code="3204", district_code=district)
    add_cases(network["north_paralegal"], 1, age_band="25-44", disability="sensory",
              **CILEUNYI)
    login(client, network["ngo_supervisor"])
    return register(client.get("/reports/export/simfoni.csv", query_string=this_year()))


def test_a_unique_combination_does_not_appear(exported):
    """The one survivor with a sensory disability in Cileunyi is not in the file at all."""
    _notes, rows = exported
    assert len(rows) == 10
    assert all(row["Disabilitas Korban"] != "Sensorik" for row in rows)
    assert "Sensorik" not in repr(rows)


def test_dates_are_months_only(exported):
    """Report and incident dates are YYYY-MM, never a day."""
    _notes, rows = exported
    months = {row["Bulan Kejadian"] for row in rows if row["Bulan Kejadian"]}
    assert months == {"2026-03"}
    assert all(len(row["Bulan Pelaporan"]) == 7 for row in rows)


def test_district_only_where_five_share_it(exported):
    """Cileunyi's five keep their district; the five spread over two districts get the regency."""
    _notes, rows = exported
    districts = sorted(row["Kode Kecamatan"] for row in rows)
    assert districts == ["", "", "", "", "", "320405", "320405", "320405", "320405", "320405"]
    assert {row["Kabupaten/Kota"] for row in rows} == {"Kabupaten Bandung"}
    assert {row["Kecamatan"] for row in rows} == {"", "Cileunyi"}
    assert "320406" not in repr(rows) and "320407" not in repr(rows)


def test_note_at_the_top_says_what_was_coarsened(exported):
    """The notes count the victims given at the regency only and those left out."""
    notes, _rows = exported
    text = " ".join(notes)
    assert "bulan" in text
    assert "5 korban" in text  # given at the regency only
    assert "1 korban" in text  # left out


def test_perpetrator_fields_come_from_the_case(exported):
    """Each row says how many perpetrators and their relationship to her."""
    _notes, rows = exported
    assert {row["Jumlah Pelaku"] for row in rows} == {"1"}
    assert {row["Hubungan Pelaku dengan Korban"] for row in rows} == {"Suami/istri"}
