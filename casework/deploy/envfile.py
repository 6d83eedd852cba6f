"""Settings files in systemd's EnvironmentFile= format, read the way systemd reads them."""

from __future__ import annotations

import os
import re
from pathlib import Path

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class EnvFileError(ValueError):
    """The settings file is missing, unreadable or has a line that is not NAME=value."""


def parse_env_file(text: str) -> dict[str, str]:
    """NAME=value lines; blank lines and lines starting with # or ; are skipped; a value in
    matching single or double quotes loses them. No variable expansion (systemd does none)."""
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not NAME.fullmatch(name):
            raise EnvFileError(f"line {number} is not NAME=value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


def read_env_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """The settings of one file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise EnvFileError(f"cannot read the settings file {path}: {exc.strerror}") from None
    try:
        return parse_env_file(text)
    except EnvFileError as exc:
        raise EnvFileError(f"{path}: {exc}") from None


def load_env_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """Put the file's settings into this process's environment, over the shell's."""
    values = read_env_file(path)
    os.environ.update(values)
    return values
