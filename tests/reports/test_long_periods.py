"""Long periods answer with the cases they hold; years outside 2000 to 2100 (a mistyped year,
the whole calendar) get a clear message; never a 500."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest


def _row(html: str, table: str, label: str) -> list[str]:
    """The cells of one row of a report table."""
    section = html.split(f'id="table-{table}"')[1].split("</section>")[0]
    row = section.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0]
    return [cell.split(">")[-1] for cell in row.split("</td>")[:-1]]


@pytest.mark.parametrize(("start", "end"), [("2000-01-01", "2100-12-31"), ("2024-05-17", "2025-04-10")])
def test_a_long_period_counts_the_cases_it_holds(client, login, network, add_cases, start, end):
    """A century (months outside the data are left out) and a period that ends on the day of
    the cases both count them."""
    add_cases(network["north_paralegal"], 6, created=datetime(2025, 4, 10, 3, tzinfo=UTC))
    login(client, network["ngo_supervisor"])
    response = client.get("/reports/", query_string={"start": start, "end": end})
    assert response.status_code == 200
    assert _row(response.get_data(as_text=True), "month", "2025-04")[-1] == "6"


@pytest.mark.parametrize(("start", "end"), [("0202-01-01", "2026-12-31"),
                                            ("0001-01-01", "9999-12-31"),
                                            ("2026-01-01", "2202-01-01")])
def test_years_outside_the_bounds_get_a_message(client, login, network, start, end):
    """A year before 2000 or after 2100 is refused with a plain message, no tables."""
    login(client, network["ngo_supervisor"])
    response = client.get("/reports/", query_string={"start": start, "end": end})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Pilih tanggal dari tahun 2000 sampai 2100." in html
    assert 'id="table-' not in html
