"""`casework regions refresh`: a new list is checked, then installed with its source note."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from casework.regions.catalogue import FILES, PACKAGE_DATA
from casework.regions.refresh import SOURCE_NAMES

SOURCE_OF_LEVEL = {level: SOURCE_NAMES[level] for level in FILES}


@pytest.fixture
def unpacked(tmp_path) -> Path:
    """The shipped list laid out as the npm package's folder (package.json, data/*.csv)."""
    folder = tmp_path / "package"
    (folder / "data").mkdir(parents=True)
    for level, name in FILES.items():
        text = gzip.decompress((PACKAGE_DATA / name).read_bytes())
        (folder / "data" / SOURCE_OF_LEVEL[level]).write_bytes(text)
    (folder / "package.json").write_text(json.dumps({"name": "idn-area-data", "version": "9.9.9"}))
    return folder


def test_refresh_installs_a_checked_list_with_its_source(runner, unpacked, tmp_path):
    """The four files compressed, and a SOURCE note naming the version."""
    into = tmp_path / "installed"
    result = runner.invoke(args=["regions", "refresh", str(unpacked), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert "9.9.9" in result.output
    assert sorted(p.name for p in into.iterdir()) == sorted([*FILES.values(), "SOURCE.txt"])
    assert "idn-area-data 9.9.9" in (into / "SOURCE.txt").read_text()


def test_a_broken_list_is_refused_and_nothing_changes(runner, unpacked, tmp_path):
    """A village whose district is missing: refused with the reason, no file written."""
    villages = unpacked / "data" / "villages.csv"
    with villages.open("a") as handle:
        handle.write("99.99.99.2001,99.99.99,Nowhere\n")
    into = tmp_path / "installed"
    result = runner.invoke(args=["regions", "refresh", str(unpacked), "--into", str(into)])
    assert result.exit_code != 0
    assert "9999992001 has no parent" in result.output
    assert not into.exists()
