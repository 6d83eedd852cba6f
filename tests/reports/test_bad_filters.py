"""Bad filters get a clear message and no numbers: reversed periods, unknown regions, other NGOs."""

from __future__ import annotations

import pytest

from tests.reports.conftest import this_year


@pytest.fixture
def other_ngo_data(make_user, network, add_cases):
    """Cases at another NGO that must never show."""
    add_cases(make_user("paralegal", network["other_ngo"]), 6, place="online")


def test_period_ending_before_it_starts(client, login, network):
    """The page says what is wrong and shows no table."""
    login(client, network["ngo_supervisor"])
    response = client.get("/reports/", query_string={"start": "2026-06-01", "end": "2026-05-01"})
    html = response.data.decode()
    assert response.status_code == 400
    assert "Periode berakhir sebelum dimulai" in html
    assert 'id="table-' not in html


def test_malformed_date(client, login, network):
    """A date that is not a date gets the format to use."""
    login(client, network["ngo_supervisor"])
    response = client.get("/reports/", query_string={"start": "31/12/2026"})
    assert response.status_code == 400
    assert "TTTT-BB-HH" in response.data.decode()


@pytest.mark.parametrize("code", ["99", "9999", "999999", "3204051001", "abc", "32' OR 1=1"])
def test_unknown_or_too_fine_region(client, login, network, code):
    """Unknown codes, village codes and garbage are refused with the same plain message."""
    login(client, network["ngo_supervisor"])
    response = client.get("/reports/", query_string={**this_year(), "region": code})
    html = response.data.decode()
    assert response.status_code == 400
    assert "tidak dikenal" in html
    assert 'id="table-' not in html


def test_known_region_of_an_organisation_is_accepted(client, login, network):
    """A regency where one of the organisations lies is a known region."""
    login(client, network["ngo_supervisor"])
    response = client.get("/reports/", query_string={**this_year(), "region": "3204"})
    assert response.status_code == 200


def test_other_ngo_organisation_is_refused_like_an_unknown_one(client, login, network,
                                                               other_ngo_data):
    """Another NGO's code and a made-up code get the same answer, and no numbers."""
    login(client, network["ngo_supervisor"])
    other = client.get("/reports/", query_string={**this_year(), "org": "ngo-lain"})
    unknown = client.get("/reports/", query_string={**this_year(), "org": "tidak-ada"})
    assert other.status_code == unknown.status_code == 400
    message = "Anda hanya dapat membuat laporan untuk lembaga yang Anda awasi."
    assert message in other.data.decode() and message in unknown.data.decode()
    assert 'id="table-' not in other.data.decode()


def test_exports_refuse_bad_filters_too(client, login, network, other_ngo_data):
    """An export asked for another NGO answers 400 and carries no data."""
    login(client, network["ngo_supervisor"])
    for path in ("tables", "simfoni", "gbvims"):
        response = client.get(f"/reports/export/{path}.csv", query_string={"org": "ngo-lain"})
        assert response.status_code == 400
        assert response.mimetype == "text/html"
