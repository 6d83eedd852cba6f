"""No search decrypts every row: only the few candidates of a blind-index bucket are opened."""

from __future__ import annotations

import pytest

from casework.crypto import fields


@pytest.fixture
def decryptions(monkeypatch):
    """Count every value decrypted from here on."""
    calls = []
    original = fields.decrypt_value

    def counting(*args, **kwargs):
        calls.append(args[1:3])
        return original(*args, **kwargs)

    monkeypatch.setattr(fields, "decrypt_value", counting)
    return calls


def test_nik_search_opens_only_candidates(centres, make_case, search, decryptions):
    """Among 40 cases, a NIK search decrypts a handful of values, not 40 NIKs."""
    for n in range(40):
        make_case(centres["paralegal"], name=f"Orang {n}", nik=f"32040545079{n:05d}",
                  phone=f"+62812000{n:05d}")
    decryptions.clear()
    page = search(centres["paralegal"], "3204054507900007")
    assert page.data.count(b'class="ref"') == 1
    nik_reads = [c for c in decryptions if c == ("survivor", "nik")]
    assert 1 <= len(nik_reads) <= 3
    assert len(decryptions) < 10


def test_name_search_opens_only_candidates(centres, make_case, search, decryptions):
    """A rare name among many common ones: only its bucket's survivors are decrypted."""
    for n in range(30):
        make_case(centres["paralegal"], name=f"Sri Lestari {n}", nik=f"32040545079{n:05d}")
    make_case(centres["paralegal"], name="Kadek Ayu")
    decryptions.clear()
    page = search(centres["paralegal"], "kadek")
    assert page.data.count(b'class="ref"') == 1
    assert len([c for c in decryptions if c == ("survivor", "name")]) <= 3
