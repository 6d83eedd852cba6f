"""Every string the pages can show has its Bahasa Indonesia translation in the shipped catalogue."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("casework/**.py", "python"), ("casework/**/templates/**.html", "jinja2")]
KEYWORDS = {
    "_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}


def _source_messages() -> set[str]:
    """Every msgid in the code and templates."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _singular(value: str | list | tuple) -> str:
    """The first form of a message that may have plural forms."""
    return value if isinstance(value, str) else value[0]


def test_indonesian_catalogue_is_complete():
    """No string is left in English for an Indonesian reader (compiled .mo is shipped)."""
    with open(ROOT / "casework/translations/id/LC_MESSAGES/messages.mo", "rb") as handle:
        catalogue = read_mo(handle)
    translated = {_singular(m.id) for m in catalogue if m.id and _singular(m.string)}
    missing = sorted(_source_messages() - translated)
    assert not missing, f"untranslated: {missing[:20]}"
