"""Bad input: an unknown category value, or a child box that contradicts the age band, is
refused with a message and everything typed is kept."""

from __future__ import annotations

from tests.perpetrators.conftest import perpetrators


def test_unknown_category_value_refused_input_kept(app, as_paralegal, centre):
    """A sex or occupation not on the list comes back with a message; the name stays typed."""
    ref = centre.case.reference
    response = as_paralegal.post(f"/cases/{ref}/perpetrators/new", data={
        "name": "Pak Rudi Kanan", "sex": "alien", "occupation": "astronaut",
        "details": "Tinggal di ujung gang."})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Pilihan tidak sah" in page
    assert "Pak Rudi Kanan" in page and "Tinggal di ujung gang." in page
    assert len(perpetrators(app, centre.case.id)) == 1


def test_child_box_against_adult_age_band_refused(app, as_paralegal, centre):
    """An adult's age band with 'a child' ticked says which to change."""
    ref = centre.case.reference
    response = as_paralegal.post(f"/cases/{ref}/perpetrators/new", data={
        "name": "Pak Rudi Kanan", "age_band": "25-44", "is_child": "y"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "hapus centang" in page and "Pak Rudi Kanan" in page
