"""The shipped region list: real Kemendagri codes and names, with their source."""

from __future__ import annotations

from casework.regions import catalogue as regions


def test_names_and_parents_by_code():
    """A village, its district, regency and province, dots or not."""
    village = regions.find("32.04.05.2004")
    assert (village.name, village.parent_code, village.level) == ("Cinunuk", "320405", "village")
    assert [r.name for r in regions.lineage("3204052004")] == [
        "Jawa Barat", "Kabupaten Bandung", "Cileunyi", "Cinunuk"]
    assert "Cinunuk" in [r.name for r in regions.children("320405")]


def test_codes_not_on_the_list():
    """Unknown codes and other shapes are not regions."""
    assert not regions.exists("3204059999")
    assert not regions.exists("99")
    assert regions.find("12345") is None
    assert regions.name_of("3204059999") == "3204059999"


def test_the_source_note_names_package_version_and_date():
    """The list carries where it came from and when it was taken."""
    note = regions.source_note()
    assert "idn-area-data" in note and "Taken on:" in note and "ODbL" in note
