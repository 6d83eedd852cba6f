"""Bad input gets a clear message beside the field, keeps the rest, and never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from casework.cases.validation import nik_problem
from casework.i18n import local_today
from tests.conftest import case_data


@pytest.mark.parametrize("nik", [
    "123", "32040545079000011", "3204054507900000", "3204053207900001",
    "3204057213900001", "0904054507900001", "3204O54507900001",
])
def test_malformed_nik_has_a_reason(nik):
    """Each malformed NIK is refused with a reason."""
    assert nik_problem(nik)


@pytest.mark.parametrize("nik", ["3204054507900001", "3204 0515 1290 0001", "3171016101000123"])
def test_wellformed_nik_passes(nik):
    """Real shapes pass, including women's days (41–71) and spaced input."""
    assert nik_problem(nik) is None


@pytest.fixture
def paralegal_client(client, login, make_user):
    """A client logged in as a paralegal."""
    return login(client, make_user("paralegal"))


@pytest.mark.parametrize("field,value,message", [
    ("nik", "12345", "16 digit"),
    ("phone", "call me maybe", "Nomor telepon"),
    ("phone", "0812", "0812 3456 7890"),
    ("date_of_birth", (local_today() + timedelta(days=2)).isoformat(), "masa depan"),
    ("incident_date", "2026-13-45", "Tanggal tidak sah"),
    ("regency_code", "9999", "tidak berada"),
])
def test_bad_field_message_and_input_kept(paralegal_client, field, value, message):
    """The form comes back with the message and everything else still filled in."""
    data = case_data(name="Masih Ada", province_code="32", **{field: value})
    response = paralegal_client.post("/cases/new", data=data)
    assert response.status_code == 200
    assert message.encode() in response.data
    assert b"Masih Ada" in response.data


@pytest.mark.parametrize("name", ["Sukarni", "Ñuñez O'Brien-Łukasz", "ဒေါ်အောင်", "阿妹", "زينب"])
def test_any_unicode_name_and_one_word(paralegal_client, name):
    """One-word and non-Latin names are accepted and shown back."""
    response = paralegal_client.post("/cases/new", data=case_data(name=name))
    assert response.status_code == 302
    assert str(escape(name)).encode() in paralegal_client.get(response.headers["Location"]).data


def test_long_narrative_kept(paralegal_client):
    """A 10,000-character narrative is saved whole."""
    text = "panjang " * 1250
    response = paralegal_client.post("/cases/new", data=case_data(narrative=text))
    assert response.status_code == 302
    assert text.strip().encode() in paralegal_client.get(response.headers["Location"]).data


def test_markup_is_escaped_everywhere(paralegal_client):
    """<script> typed into the text fields comes back escaped."""
    evil = "<script>alert(1)</script>"
    fields = ["name", "alias", "address", "safe_time", "code_word", "perpetrator_name",
              "perpetrator_details", "narrative"]
    response = paralegal_client.post("/cases/new", data=case_data(**{f: evil for f in fields}))
    page = paralegal_client.get(response.headers["Location"]).data
    assert b"<script>alert" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(
    st.sampled_from(["name", "nik", "phone", "date_of_birth", "age_band", "sex", "forms",
                     "narrative", "district_code", "safe_phone", "gbv_type", "tpks_crimes"]),
    st.text(max_size=60),
))
def test_random_input_never_500(paralegal_client, fields):
    """Whatever is typed, the answer is a page or a redirect, never a server error (a NUL,
    which no form field may hold, is answered 400 with the app's page: issue 16, item 8)."""
    response = paralegal_client.post("/cases/new", data=case_data(**fields))
    if any("\x00" in value for value in fields.values()):
        assert response.status_code == 400
    else:
        assert response.status_code in (200, 302)


@pytest.mark.parametrize("field,value", [("village_code", "3204059999"),
                                         ("district_code", "320499")])
def test_region_code_not_on_the_list_is_refused_and_kept(paralegal_client, field, value):
    """A code of the right shape that the Kemendagri list lacks: a message, input kept."""
    data = case_data(name="Masih Ada", province_code="32", regency_code="3204",
                     **{"district_code": "320405", field: value})
    response = paralegal_client.post("/cases/new", data=data)
    assert response.status_code == 200
    html = response.data.decode()
    assert "daftar Kemendagri" in html and value in html and "Masih Ada" in html


def test_a_real_village_is_kept_with_its_name(paralegal_client):
    """32.04.05.2004 is stored as digits and the case page names the village."""
    data = case_data(province_code="32", regency_code="3204", district_code="320405",
                     village_code="32.04.05.2004")
    response = paralegal_client.post("/cases/new", data=data)
    assert response.status_code == 302
    html = paralegal_client.get(response.headers["Location"]).data.decode()
    assert "Cinunuk (3204052004)" in html
