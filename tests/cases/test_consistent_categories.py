"""The GBVIMS type and the SIMFONI-PPA forms agree: rape or sexual assault, or a UU TPKS crime,
needs the sexual form ticked; refused with a message saying which to tick, input kept."""

from __future__ import annotations

import pytest

from tests.conftest import case_data


@pytest.fixture
def paralegal_client(client, login, make_user):
    """A client logged in as a paralegal."""
    return login(client, make_user("paralegal"))


@pytest.mark.parametrize("gbv_type,label", [("rape", "Perkosaan"),
                                             ("sexual_assault", "Serangan seksual")])
def test_sexual_gbvims_type_needs_the_sexual_form(paralegal_client, gbv_type, label):
    """Rape or sexual assault with only 'Physical' ticked: tick 'Seksual'."""
    response = paralegal_client.post("/cases/new", data=case_data(
        name="Wayan Kanan", gbv_type=gbv_type, forms=["physical"]))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "centang &#39;Seksual&#39; pada bentuk kekerasan" in page
    assert label in page and "Wayan Kanan" in page


def test_tpks_crime_still_needs_the_sexual_form(paralegal_client):
    """A UU TPKS crime without the sexual form is refused as before."""
    response = paralegal_client.post("/cases/new", data=case_data(
        name="Wayan Kanan", tpks_crimes=["electronic"], forms=["physical"]))
    page = response.get_data(as_text=True)
    assert "Pilih dulu &#39;Seksual&#39; pada bentuk kekerasan." in page and "Wayan Kanan" in page


def test_sexual_type_with_the_sexual_form_is_recorded(paralegal_client):
    """Consistent answers pass."""
    response = paralegal_client.post("/cases/new", data=case_data(
        gbv_type="rape", forms=["sexual", "physical"]))
    assert response.status_code == 302
