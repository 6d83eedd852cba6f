"""Installing a new region list: from the npm package idn-area-data (tarball or folder)."""

from __future__ import annotations

import csv
import gzip
import json
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from casework.regions import catalogue
from casework.regions.catalogue import FILES, LENGTHS, LEVELS, parse_rows
from casework.regions.errors import RegionDataError

SOURCE_NAMES = {"province": "provinces.csv", "regency": "regencies.csv",
                "district": "districts.csv", "village": "villages.csv"}
# A real list has thousands of villages; a handful means a wrong or truncated file.
LICENCE_FILE = "LICENSE-ODbL.md"
MINIMUM_ROWS = {"province": 30, "regency": 400, "district": 6000, "village": 70000}


def read_source(path: Path) -> tuple[dict[str, str], dict]:
    """The four CSV texts (and the data licence, when present) and the package.json of an
    idn-area-data tarball or unpacked folder."""
    if path.is_dir():
        return _read_folder(path)
    if path.is_file() and tarfile.is_tarfile(path):
        return _read_tarball(path)
    raise RegionDataError(f"{path} is neither a folder nor an npm tarball (.tgz)")


def _read_folder(path: Path) -> tuple[dict[str, str], dict]:
    """A folder holding the CSVs itself or in data/ (the package's layout)."""
    folder = path / "data" if (path / "data" / SOURCE_NAMES["village"]).exists() else path
    texts = {}
    for level, name in SOURCE_NAMES.items():
        if not (folder / name).exists():
            raise RegionDataError(f"{folder / name} is missing")
        texts[level] = (folder / name).read_text(encoding="utf-8")
    if (folder / "LICENSE.md").exists():
        texts["licence"] = (folder / "LICENSE.md").read_text(encoding="utf-8")
    manifest = next((p for p in (path / "package.json", folder.parent / "package.json")
                     if p.exists()), None)
    return texts, json.loads(manifest.read_text()) if manifest else {}


def _read_tarball(path: Path) -> tuple[dict[str, str], dict]:
    """The npm tarball: package/data/*.csv and package/package.json."""
    with tarfile.open(path) as archive:
        def read(member: str) -> str:
            try:
                handle = archive.extractfile(f"package/{member}")
            except KeyError:
                handle = None
            if handle is None:
                raise RegionDataError(f"{path} holds no package/{member}")
            return handle.read().decode("utf-8")

        texts = {level: read(f"data/{name}") for level, name in SOURCE_NAMES.items()}
        if "package/data/LICENSE.md" in archive.getnames():
            texts["licence"] = read("data/LICENSE.md")
        return texts, json.loads(read("package.json"))


def check(texts: dict[str, str]) -> dict[str, int]:
    """Refuse a list whose codes have the wrong shape, whose parents are missing, or that is
    too short to be the whole country; answer the number of rows of each level."""
    tables = {}
    for level in LEVELS:
        try:
            tables[level] = parse_rows(texts[level], level)
        except (ValueError, IndexError, csv.Error) as exc:
            raise RegionDataError(f"{SOURCE_NAMES[level]}: unexpected columns ({exc})") from None
        bad = [code for code in tables[level]
               if not (code.isdigit() and len(code) == LENGTHS[level])]
        if bad:
            raise RegionDataError(f"{SOURCE_NAMES[level]}: code {bad[0]} is not "
                                  f"{LENGTHS[level]} digits")
        if len(tables[level]) < MINIMUM_ROWS[level]:
            raise RegionDataError(f"{SOURCE_NAMES[level]}: only {len(tables[level])} rows")
    for level, above in zip(LEVELS[1:], LEVELS, strict=False):
        orphan = next((code for code, (_name, parent) in tables[level].items()
                       if parent not in tables[above]), None)
        if orphan:
            raise RegionDataError(f"{SOURCE_NAMES[level]}: {orphan} has no parent in "
                                  f"{SOURCE_NAMES[above]}")
    return {level: len(rows) for level, rows in tables.items()}



def install(texts: dict[str, str], manifest: dict, origin: str, into: Path) -> dict[str, int]:
    """Check the list, then write it compressed with its SOURCE note; the next lookup reads it."""
    counts = check(texts)
    into.mkdir(parents=True, exist_ok=True)
    for level in LEVELS:
        # mtime=0: the same list gives the same bytes, so an unchanged refresh changes no file.
        data = gzip.compress(texts[level].encode("utf-8"), compresslevel=9, mtime=0)
        (into / FILES[level]).write_bytes(data)
    if "licence" in texts:
        (into / LICENCE_FILE).write_text(texts["licence"], encoding="utf-8")
    (into / catalogue.SOURCE_FILE).write_text(source_text(manifest, origin, counts),
                                              encoding="utf-8")
    catalogue.forget()
    return counts


def source_text(manifest: dict, origin: str, counts: dict[str, int]) -> str:
    """The SOURCE note: which package and version, from where, when taken, how many rows."""
    version = manifest.get("version", "unknown")
    lines = [
        "Indonesian administrative regions (Kemendagri codes and names)",
        f"Package: {manifest.get('name', 'idn-area-data')} {version} (npm)",
        f"Taken from: {origin}",
        f"Taken on: {datetime.now(UTC).date().isoformat()}",
        f"Upstream: {manifest.get('homepage') or 'https://github.com/fityannugroho/idn-area-data'}",
        "Licence of the data: Open Database License (ODbL), see LICENSE-ODbL.md",
        "Rows: " + ", ".join(f"{level} {count}" for level, count in counts.items()),
        "Files: the package's data/*.csv, unchanged, gzip-compressed.",
    ]
    return "\n".join(lines) + "\n"
