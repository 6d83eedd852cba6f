"""A one-letter query, a 10,000-character query and odd pages get clear messages, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", ["a", " ", "", "-", "!!", "é"])
def test_too_short(centres, search, query):
    """Fewer than two letters or digits: asked for more, with the form still there."""
    page = search(centres["paralegal"], query)
    assert page.status_code == 422
    assert b"Type at least two letters or digits" in page.data


def test_ten_thousand_characters(centres, search):
    """A very long query is refused with a message saying the limit."""
    page = search(centres["paralegal"], "a" * 10_000)
    assert page.status_code == 422
    assert b"too long" in page.data and b"200" in page.data


@pytest.mark.parametrize("query", ["' OR 1=1 --", "<script>alert(1)</script>", "%ab_%", "\\x00"])
def test_hostile_text_is_just_words(centres, make_case, search, query):
    """Injection attempts find nothing and come back escaped."""
    make_case(centres["paralegal"])
    page = search(centres["paralegal"], query)
    assert page.status_code == 200
    assert b"<script>alert" not in page.data
    assert b"No case you may see matches." in page.data


@pytest.mark.parametrize("page_number", ["0", "-3", "abc", "99999999"])
def test_odd_page_numbers(centres, make_case, search, page_number):
    """A page number out of range is brought back within bounds."""
    make_case(centres["paralegal"], name="Ayu")
    assert search(centres["paralegal"], "ayu", page=page_number).status_code == 200
