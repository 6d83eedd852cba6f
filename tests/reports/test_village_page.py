"""The village data pilah: a village's survivors by category, suppressed, for its planning."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.demo import seed_demo
from casework.extensions import db
from tests.reports.conftest import read_csv, this_year

CINUNUK = {"province_code": "32", "regency_code": "3204", "district_code": "320405",
           "village_code": "3204052004"}


@pytest.fixture
def village(client, login, network, add_cases, add_service):
    """Seven women of Cinunuk and one man; one woman with a disability; a service given."""
    women = add_cases(network["north_paralegal"], 7, sex="female", age_band="25-44",
                      disability="none", forms=["physical"], **CINUNUK)
    add_cases(network["north_paralegal"], 1, sex="male", age_band="13-17",
              disability="physical", forms=["sexual"], **CINUNUK)
    add_service(women[0], "health")
    login(client, network["ngo_supervisor"])
    return network


def page(client, **args):
    """The page for the given query arguments."""
    return client.get("/reports/village/", query_string=args)


def test_title_names_the_village_district_and_period(client, village):
    """The heading a planning meeting expects, in Indonesian."""
    html = page(client, region="32.04.05.2004", **this_year()).data.decode()
    assert "Data Terpilah Kekerasan terhadap Perempuan dan Anak" in html
    assert "Desa Cinunuk, Kecamatan Cileunyi, Kabupaten Bandung" in html


def test_the_lone_boy_cannot_be_found(client, village):
    """His counts read "<5"; the women's, which would give his away from the total, read "x";
    the total of eight is shown."""
    response = page(client, region="3204052004", **this_year())
    assert response.status_code == 200
    rows = read_csv(client.get("/reports/village/data-pilah.csv",
                               query_string={"region": "3204052004", **this_year()}))
    cells = {tuple(row[:3]): row[3] for row in rows if len(row) == 4}
    assert cells[("Disabilitas", "Fisik", "Laki-laki")] == "<5"
    assert cells[("Usia saat melapor", "13–17 tahun", "Laki-laki")] == "<5"
    assert cells[("Usia saat melapor", "25–44 tahun", "Perempuan")] == "x"
    assert cells[("Penyintas menurut jenis kelamin", "Jumlah", "Jumlah")] == "8"
    assert "1" not in {value for key, value in cells.items() if key[2] == "Laki-laki"}
    assert "7" not in cells.values()


def test_a_district_can_be_chosen_too(client, village):
    """Six digits: the kecamatan's survivors."""
    html = page(client, region="320405", **this_year()).data.decode()
    assert "Kecamatan Cileunyi, Kabupaten Bandung" in html


def test_unknown_village_code_is_refused_and_kept(client, village):
    """A code not on the Kemendagri list: a message, the typed code still in the box."""
    response = page(client, region="3204059999", **this_year())
    assert response.status_code == 400
    html = response.data.decode()
    assert "Kemendagri" in html and 'value="3204059999"' in html


@pytest.mark.parametrize("start,end", [("", ""), ("2026-13-01", "2026-12-31"),
                                       ("2026-06-01", "2026-01-01")])
def test_empty_or_invalid_period_is_refused_and_kept(client, village, start, end):
    """No period, a malformed date, an end before the start: each explained, input kept."""
    response = page(client, region="3204052004", start=start, end=end)
    assert response.status_code == 400
    html = response.data.decode()
    assert 'role="alert"' in html and 'value="3204052004"' in html
    if start:
        assert f'value="{start}"' in html


def test_export_with_bad_input_goes_back_to_the_page(client, village):
    """A CSV link with an unknown code leads to the page that explains it, input kept."""
    response = client.get("/reports/village/data-pilah.csv",
                          query_string={"region": "3204059999", **this_year()})
    assert response.status_code == 302
    again = client.get(response.headers["Location"])
    assert again.status_code == 400 and 'value="3204059999"' in again.data.decode()


def test_only_supervisors_of_organisations_serving_the_village(client, login, village):
    """Another NGO's supervisor, whose organisations have no case there, is refused."""
    login(client, village["other_supervisor"])
    response = page(client, region="3204052004", **this_year())
    assert response.status_code == 400
    assert "Cinunuk" in response.data.decode()
    assert "Laki-laki" not in response.data.decode()


def test_each_production_is_logged(app, client, village):
    """The page and the CSV each write one entry, with no village or case in it."""
    page(client, region="3204052004", **this_year())
    client.get("/reports/village/data-pilah.csv", query_string={"region": "3204052004",
                                                                  **this_year()})
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "village_report")).all()
        assert sorted((e.action, e.outcome, e.case_ref) for e in entries) == [
            ("export", "ok", None), ("view", "ok", None)]


def test_demo_gives_the_village_page_something_to_show(app, client, login):
    """After the demo, the supervisor's page for Cinunuk shows counts, not only "<5"."""
    with app.test_request_context():
        seed_demo()
        db.session.commit()
        supervisor = db.session.scalar(select(User).where(User.username == "supervisor"))
    login(client, supervisor)
    html = page(client, region="3204052004", **this_year()).data.decode()
    assert "Desa Cinunuk" in html
    assert '<td class="num">13</td>' in html and '<td class="num">7</td>' in html
