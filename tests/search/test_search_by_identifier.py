"""Search finds a case by NIK, phone in any form, name words or reference (SECURITY.md 7)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", [
    "3204054507900001", "3204 0545 0790 0001", "3204.0545.0790.0001",
])
def test_nik_in_any_layout(centres, make_case, search, query):
    """A full NIK finds the case, whatever spaces or dots are typed."""
    case = make_case(centres["paralegal"], nik="3204054507900001")
    make_case(centres["paralegal"], nik="3204054507900002", phone="+6281111111111", name="Dewi")
    page = search(centres["paralegal"], query)
    assert page.status_code == 200
    assert case.reference.encode() in page.data
    assert page.data.count(b'class="ref"') == 1


@pytest.mark.parametrize("query", [
    "081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890", "(0812) 3456 7890",
])
def test_phone_in_any_indonesian_form(centres, make_case, search, query):
    """0812..., +62 812..., 62812... all find the same survivor."""
    case = make_case(centres["paralegal"], phone="+6281234567890")
    page = search(centres["paralegal"], query)
    assert case.reference.encode() in page.data


def test_safe_phone_is_found_too(centres, make_case, search):
    """The safe phone number is searchable like the main one."""
    case = make_case(centres["paralegal"], phone="", safe_phone="085700001111")
    assert case.reference.encode() in search(centres["paralegal"], "+62857 0000 1111").data


@pytest.mark.parametrize("query", [
    "siti", "SITI", "aminah siti", "  Siti   Aminah ", "Sîti, Aminah!", "ami", "siti budi",
])
def test_name_words_ignore_case_spacing_accents(centres, make_case, search, query):
    """Every word must match; case, spacing, punctuation and accents do not matter."""
    case = make_case(centres["paralegal"], name="Siti Aminah")
    page = search(centres["paralegal"], query)
    found = case.reference.encode() in page.data
    assert found == (query not in ("ami", "siti budi"))


def test_alias_is_searched(centres, make_case, search):
    """The name she is called by finds her too."""
    case = make_case(centres["paralegal"], name="Ni Made Sari", alias="Made")
    assert case.reference.encode() in search(centres["paralegal"], "made sari").data


def test_reference_with_or_without_dash(centres, make_case, search):
    """A case reference finds its case, typed in lower case or without the dash."""
    case = make_case(centres["paralegal"])
    for query in (case.reference, case.reference.lower(), case.reference.replace("-", "")):
        assert case.reference.encode() in search(centres["paralegal"], query).data


def test_results_show_initials_never_names_or_nik(centres, make_case, search):
    """A result card carries the reference and initials, not the name or NIK."""
    make_case(centres["paralegal"], name="Siti Aminah")
    page = search(centres["paralegal"], "siti")
    assert b"S.A." in page.data
    assert b"Aminah" not in page.data.replace(b'value="siti"', b"")
    assert b"3204054507900001" not in page.data


def test_results_are_paginated(app, centres, make_case, search):
    """More matches than a page: the first page is full, the next holds the rest."""
    for _ in range(27):
        make_case(centres["paralegal"], name="Rina Wati")
    first = search(centres["paralegal"], "rina")
    assert first.data.count(b'class="ref"') == 25
    assert b'name="page" value="2"' in first.data
    second = search(centres["paralegal"], "rina", page=2)
    assert second.data.count(b'class="ref"') == 2


def test_query_never_in_the_url(centres, search):
    """The search form posts its query; nothing identifying goes into a URL."""
    page = search(centres["paralegal"], "siti")
    assert b'method="post"' in page.data
