"""The region list, loaded lazily from the shipped CSV files: names and parents by code.

Codes are kept as BPS/Kemendagri digits without dots (the survivor's record stores them so):
2 digits a province, 4 a regency or city, 6 a district (kecamatan), 10 a village (desa or
kelurahan). Villages are loaded only when a village code is first asked about (about 84,000
rows); the other levels are small.
"""

from __future__ import annotations

import csv
import gzip
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, has_app_context

PACKAGE_DATA = Path(__file__).parent / "data"
LEVELS = ("province", "regency", "district", "village")
FILES = {"province": "provinces.csv.gz", "regency": "regencies.csv.gz",
         "district": "districts.csv.gz", "village": "villages.csv.gz"}
LENGTHS = {"province": 2, "regency": 4, "district": 6, "village": 10}
LEVEL_OF_LENGTH = {length: level for level, length in LENGTHS.items()}
SOURCE_FILE = "SOURCE.txt"

_tables: dict[tuple[Path, str], dict[str, tuple[str, str]]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Region:
    """One administrative region: its code (digits only), name, parent's code and level."""

    code: str
    name: str
    parent_code: str
    level: str


def data_dir() -> Path:
    """Where the list is read from: REGIONS_DATA_DIR when configured, else the package's copy."""
    configured = current_app.config.get("REGIONS_DATA_DIR") if has_app_context() else None
    return Path(configured) if configured else PACKAGE_DATA


def plain_code(raw: str) -> str:
    """A code as typed ("32.04.05.2001", " 3204 ") in its stored form ("3204052001")."""
    return "".join(raw.split()).replace(".", "")


def parse_rows(text: str, level: str) -> dict[str, tuple[str, str]]:
    """name and parent by plain code, from one level's CSV text (code, [parent code,] name)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    parent_column = None if level == "province" else f"{LEVELS[LEVELS.index(level) - 1]}_code"
    code_at, name_at = header.index("code"), header.index("name")
    parent_at = header.index(parent_column) if parent_column else None
    rows = {}
    for row in reader:
        parent = row[parent_at].replace(".", "") if parent_at is not None else ""
        rows[row[code_at].replace(".", "")] = (row[name_at].strip(), parent)
    return rows


def _table(level: str) -> dict[str, tuple[str, str]]:
    """One level's rows, read from its compressed file the first time they are needed."""
    key = (data_dir(), level)
    table = _tables.get(key)
    if table is None:
        with _lock:
            table = _tables.get(key)
            if table is None:
                text = gzip.decompress((key[0] / FILES[level]).read_bytes()).decode("utf-8")
                table = _tables[key] = parse_rows(text, level)
    return table


def forget() -> None:
    """Drop the loaded rows, so the next lookup reads the files again (after a refresh)."""
    with _lock:
        _tables.clear()


def level_of(code: str) -> str | None:
    """The level a code's length stands for, or None for any other shape."""
    return LEVEL_OF_LENGTH.get(len(code)) if code.isdigit() else None


def find(code: str) -> Region | None:
    """The region with this code (dots allowed), or None when the list has no such code."""
    code = plain_code(code)
    level = level_of(code)
    if level is None:
        return None
    found = _table(level).get(code)
    return Region(code, found[0], found[1], level) if found else None


def exists(code: str) -> bool:
    """Whether the list holds this code."""
    return find(code) is not None


def name_of(code: str | None) -> str:
    """The region's name, or the code itself when the list does not hold it."""
    region = find(code) if code else None
    return region.name if region else (code or "")


def lineage(code: str) -> list[Region]:
    """The region and those above it, province first (stops at a code the list lacks)."""
    chain: list[Region] = []
    region = find(code)
    while region is not None:
        chain.insert(0, region)
        region = find(region.parent_code) if region.parent_code else None
    return chain


def children(code: str) -> list[Region]:
    """The regions directly below this one, by name."""
    level = level_of(plain_code(code))
    if level is None or level == "village":
        return []
    below = LEVELS[LEVELS.index(level) + 1]
    return sorted((Region(child, name, parent, below)
                   for child, (name, parent) in _table(below).items() if parent == code),
                  key=lambda region: region.name)


def source_note() -> str:
    """Where the installed list comes from and when it was taken (the SOURCE note)."""
    path = data_dir() / SOURCE_FILE
    return path.read_text(encoding="utf-8") if path.exists() else ""
