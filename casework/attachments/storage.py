"""Where encrypted attachment files live: one small interface, and a folder behind it.

The folder is the only store shipped; several app hosts share it over a network file system
(docs/deployment.md, section 8). Another store (an object store, say) would implement the
same four methods and be installed with install_store(app, store).
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

NAME_CHARS = set("0123456789abcdef")
PART_SUFFIX = ".part"
# A half-written file this old belongs to no live upload (a request lasts seconds).
STALE_PART_SECONDS = 3600
log = logging.getLogger("casework")


class AttachmentStore(Protocol):
    """Opaque named blobs: the store never sees a plaintext byte or a real file name."""

    def put(self, name: str, blob: bytes) -> None:
        """Store a blob under a new name, all or nothing."""

    def get(self, name: str) -> bytes:
        """The blob stored under a name (FileNotFoundError if none)."""

    def destroy(self, name: str) -> None:
        """Remove a blob beyond recovery as far as the medium allows."""

    def remove_stale_parts(self, older_than: float = STALE_PART_SECONDS) -> int:
        """Remove half-written files left by a process killed mid-write; return how many.

        Only those older than `older_than` seconds: another process (or host, on a shared
        folder) may be writing a younger one right now."""
        if not self.root.exists():
            return 0
        removed, cutoff = 0, time.time() - older_than
        for path in self.root.glob("*" + PART_SUFFIX):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # finished or removed by another process meanwhile
        return removed

    def names(self) -> Iterator[str]:
        """Every name stored (for backups and sweeps)."""


def new_storage_name() -> str:
    """A random name that says nothing about the file or its case."""
    return secrets.token_hex(16)


class LocalFolderStore:
    """Files in a folder of the instance (mode 0700, files 0600), written atomically."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, name: str) -> Path:
        """The file of a name, refusing anything that is not one of our names."""
        if not name or len(name) > 64 or not set(name) <= NAME_CHARS:
            raise FileNotFoundError("not an attachment name")
        return self.root / name

    def put(self, name: str, blob: bytes) -> None:
        """Write to a temporary file, flush it to disk, then rename it into place."""
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        target = self._path(name)
        tmp = target.with_suffix(PART_SUFFIX)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
            raise

    def get(self, name: str) -> bytes:
        """Read a stored blob."""
        return self._path(name).read_bytes()

    def destroy(self, name: str) -> None:
        """Overwrite with zeros, then unlink (on SSDs and copy-on-write disks only the
        encryption protects what the medium keeps; the key never sat beside the file)."""
        path = self._path(name)
        if not path.exists():
            return
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()

    def remove_stale_parts(self, older_than: float = STALE_PART_SECONDS) -> int:
        """Remove half-written files left by a process killed mid-write; return how many.

        Only those older than `older_than` seconds: another process (or host, on a shared
        folder) may be writing a younger one right now."""
        if not self.root.exists():
            return 0
        removed, cutoff = 0, time.time() - older_than
        for path in self.root.glob("*" + PART_SUFFIX):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # finished or removed by another process meanwhile
        return removed

    def names(self) -> Iterator[str]:
        """Every stored name, skipping half-written temporary files."""
        if not self.root.exists():
            return iter(())
        return (p.name for p in sorted(self.root.iterdir()) if set(p.name) <= NAME_CHARS)


def remove_stale_parts(app: Flask) -> int:
    """Sweep the instance folder's half-written files (at start-up and by `casework purge`);
    another store cleans up after itself."""
    store = app.extensions.get("casework_attachment_store")
    if store is None:
        store = LocalFolderStore(app.config["ATTACHMENTS_PATH"])
    sweep = getattr(store, "remove_stale_parts", None)
    removed = sweep() if sweep else 0
    if removed:
        log.warning("removed %d half-written attachment file(s) left by an interrupted write",
                    removed)
    return removed


def install_store(app: Flask, store: AttachmentStore) -> None:
    """Use another store (a shared one) instead of the instance folder."""
    app.extensions["casework_attachment_store"] = store


def get_store() -> AttachmentStore:
    """The running app's store: the installed one, else the ATTACHMENTS_PATH folder."""
    store = current_app.extensions.get("casework_attachment_store")
    return store or LocalFolderStore(current_app.config["ATTACHMENTS_PATH"])
