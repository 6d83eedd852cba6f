"""Names with apostrophes or hyphens, and phones written +62 (0)812… or 0062 812…, are found
however they were typed at registration or in the search box (SECURITY.md 7)."""

from __future__ import annotations

import pytest

from tests.conftest import case_data


@pytest.mark.parametrize("query", ["Nuraini", "nur'aini", "Nur’aini", "NURAÏNI", "nuraini rahma"])
def test_apostrophe_inside_a_name_vanishes(centres, make_case, search, query):
    """Nur'aini is one word, nuraini, whether the apostrophe is typed, curly or left out."""
    case = make_case(centres["paralegal"], name="Nur'aini Rahma")
    assert case.reference.encode() in search(centres["paralegal"], query).data


@pytest.mark.parametrize("query", ["Ma'ruf", "maruf", "Maʼruf", "Ahmad Ma´ruf"])
def test_apostrophe_typed_differently_at_registration(centres, make_case, search, query):
    """Registered with a typographic apostrophe, she is found with a plain one or none."""
    case = make_case(centres["paralegal"], name="Ahmad Ma’ruf")
    assert case.reference.encode() in search(centres["paralegal"], query).data


@pytest.mark.parametrize("query", ["Siti", "aminah", "Siti Aminah", "siti-aminah"])
def test_hyphen_separates_two_names(centres, make_case, search, query):
    """Siti-Aminah is two names: each finds her, as does the pair."""
    case = make_case(centres["paralegal"], name="Siti-Aminah")
    assert case.reference.encode() in search(centres["paralegal"], query).data


def _register(client, login, user, **fields) -> str:
    """Register a case through the new-case form; its reference."""
    login(client, user)
    response = client.post("/cases/new", data=case_data(nik="", **fields))
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("typed", ["+62 (0)812 3456 7890", "0062 812 3456 7890",
                                   "0062 (0)812-3456-7890"])
def test_phone_with_trunk_zero_or_00_registers_as_plus_62(client, login, centres, search, typed):
    """The form keeps +6281234567890, so the usual ways of writing it find her."""
    reference = _register(client, login, centres["paralegal"], phone=typed)
    for query in ("0812 3456 7890", "+62 812 3456 7890", "+62 (0)812 3456 7890"):
        assert reference.encode() in search(centres["paralegal"], query).data


def test_phone_searched_with_trunk_zero_after_62(centres, make_case, search):
    """A number on record as 0812… is found by +62 (0)812… typed in the search box."""
    case = make_case(centres["paralegal"], phone="081299887766")
    assert case.reference.encode() in search(centres["paralegal"], "+62 (0)812 9988 7766").data


def test_phone_on_record_in_0062_form_is_indexed_as_plus_62(centres, make_case, search):
    """Stored as typed (0062 812…), it is indexed under +62 and found by 0812…."""
    case = make_case(centres["paralegal"], phone="0062 812 5555 6666")
    assert case.reference.encode() in search(centres["paralegal"], "0812 5555 6666").data


def test_phone_searched_in_0062_form(centres, make_case, search):
    """0062 typed in the search box is read as a phone number, not as name words."""
    case = make_case(centres["paralegal"], phone="081277776666")
    assert case.reference.encode() in search(centres["paralegal"], "0062 812 7777 6666").data
