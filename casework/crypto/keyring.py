"""The keyring: versioned data keys, the blind-index key and the audit keys, kept in a file."""

from __future__ import annotations

import base64
import json
import os
import pwd
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from casework.crypto.errors import KeyringError

KEY_BYTES = 32
FORMAT_VERSION = 1


def _b64(raw: bytes) -> str:
    """Encode bytes for the JSON file."""
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    """Decode a base64 key and check its length."""
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) != KEY_BYTES:
        raise KeyringError("A key in the keyring has the wrong length.")
    return raw


def new_key_id() -> str:
    """A short random key id, unique enough to never repeat within one keyring."""
    return secrets.token_hex(4)


@dataclass
class Keyring:
    """Data keys by id with one primary; the index key; the audit MAC and signing keys."""

    data_keys: dict[str, bytes]
    primary: str
    index_keys: dict[str, bytes]
    index_primary: str
    audit_key: bytes
    signing_key: bytes
    retired: list[str] = field(default_factory=list)

    @classmethod
    def generate(cls) -> Keyring:
        """Make a fresh keyring with one key of each kind."""
        data_id, index_id = new_key_id(), new_key_id()
        return cls(
            data_keys={data_id: secrets.token_bytes(KEY_BYTES)},
            primary=data_id,
            index_keys={index_id: secrets.token_bytes(KEY_BYTES)},
            index_primary=index_id,
            audit_key=secrets.token_bytes(KEY_BYTES),
            signing_key=secrets.token_bytes(KEY_BYTES),
        )

    @property
    def primary_key(self) -> bytes:
        """The key new values are written with."""
        return self.data_keys[self.primary]

    @property
    def index_key(self) -> bytes:
        """The key blind indexes are computed with."""
        return self.index_keys[self.index_primary]

    def data_key(self, key_id: str) -> bytes:
        """The data key with this id, or KeyringError when it was removed."""
        try:
            return self.data_keys[key_id]
        except KeyError:
            raise KeyringError("A value uses a key that is not in the keyring.") from None

    def rotate_data_key(self) -> str:
        """Add a new primary data key; older keys stay for reading."""
        key_id = new_key_id()
        self.data_keys[key_id] = secrets.token_bytes(KEY_BYTES)
        self.primary = key_id
        return key_id

    def rotate_index_key(self) -> str:
        """Add a new primary blind-index key; indexes must then be recomputed."""
        key_id = new_key_id()
        self.index_keys[key_id] = secrets.token_bytes(KEY_BYTES)
        self.index_primary = key_id
        return key_id

    def to_json(self) -> str:
        """Serialise for the keys file."""
        return json.dumps(
            {
                "format": FORMAT_VERSION,
                "primary": self.primary,
                "data_keys": {k: _b64(v) for k, v in self.data_keys.items()},
                "index_primary": self.index_primary,
                "index_keys": {k: _b64(v) for k, v in self.index_keys.items()},
                "audit_key": _b64(self.audit_key),
                "signing_key": _b64(self.signing_key),
            },
            indent=2,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Keyring:
        """Parse a keys file, refusing anything incomplete."""
        try:
            raw = json.loads(text)
            ring = cls(
                data_keys={k: _unb64(v) for k, v in raw["data_keys"].items()},
                primary=raw["primary"],
                index_keys={k: _unb64(v) for k, v in raw["index_keys"].items()},
                index_primary=raw["index_primary"],
                audit_key=_unb64(raw["audit_key"]),
                signing_key=_unb64(raw["signing_key"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyringError(f"The keyring file is not valid: {type(exc).__name__}.") from None
        if ring.primary not in ring.data_keys or ring.index_primary not in ring.index_keys:
            raise KeyringError("The keyring names a primary key it does not hold.")
        return ring

    def save(self, path: str | Path) -> None:
        """Write atomically, keeping an existing file's owner and mode (a new one is 0600)."""
        path = Path(path)
        owner = file_owner_for_writing(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(self.to_json())
        os.chmod(tmp, owner.mode)
        if owner.uid is not None:
            os.chown(tmp, owner.uid, owner.gid)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | Path) -> Keyring:
        """Read the keys file, or KeyringError saying what to do."""
        from_environment = keys_from_environment()
        if from_environment:
            return cls.from_json(from_environment)
        path = Path(path)
        if not path.exists():
            raise KeyringError(f"No keyring at {path}: run `casework init` first.")
        return cls.from_json(path.read_text())


@dataclass(frozen=True)
class FileOwner:
    """Who a rewritten keys file must belong to, and its mode; uid None: whoever writes it."""

    mode: int = 0o600
    uid: int | None = None
    gid: int | None = None


def _user_name(uid: int) -> str:
    """The OS user's name, or the number when it has none."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def file_owner_for_writing(path: Path) -> FileOwner:
    """The owner and mode a rewrite of this keys file keeps, or KeyringError when the command
    runs as another OS user who cannot give the file back to its owner.

    The service reads the file as its own user: a file rewritten by root (who may hand it
    back, so it does) or by any other user (who may not, so it is refused) would leave every
    request failing. Group and other bits are never kept: the keys are for the owner alone.
    """
    me = os.geteuid()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return _new_file_owner(path, me)
    mode = stat.st_mode & 0o600 or 0o600
    if me == stat.st_uid:
        return FileOwner(mode)
    if me == 0:
        return FileOwner(mode, stat.st_uid, stat.st_gid)
    owner = _user_name(stat.st_uid)
    raise KeyringError(
        f"{path} belongs to the OS user {owner}, and this command runs as {_user_name(me)}: "
        f"run it as that user (sudo -u {owner} casework ...), so the service can still read "
        "the keys. Nothing was changed.")


def _new_file_owner(path: Path, me: int) -> FileOwner:
    """A new keys file belongs to whoever writes it; written by root into a folder the service
    user owns (`sudo casework init`), it belongs to that user, so the service can read it."""
    try:
        folder = path.parent.stat()
    except FileNotFoundError:
        return FileOwner()
    if me == 0 and folder.st_uid != 0:
        return FileOwner(0o600, folder.st_uid, folder.st_gid)
    return FileOwner()


STAMP = "casework_keyring_stamp"
KEYS_VARIABLE = "CASEWORK_KEYRING_JSON"


def keys_from_environment() -> str | None:
    """The keyring given in the environment (instead of a keys file), if any."""
    return os.environ.get(KEYS_VARIABLE) or None


def install_keyring(app: Flask, ring: Keyring | None) -> None:
    """Make the keyring the one this app reads and writes with."""
    app.extensions["casework_keyring"] = ring
    app.extensions[STAMP] = _keys_file_stamp(app)


def _keys_file_stamp(app: Flask) -> int | None:
    """When the keys file last changed (None for a keyring from the environment)."""
    path = app.config.get("KEYS_FILE")
    if keys_from_environment() or not path:
        return None
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def follow_keys_file(app: Flask) -> None:
    """Before a request: take up a keys file that changed on disk (`keys rotate`, `keys
    retire`), so a serving process writes with the new primary key at once, not after a
    restart. A changed file that does not open this database's canaries is not taken up."""
    stamp = _keys_file_stamp(app)
    if stamp is None or stamp == app.extensions.get(STAMP):
        return
    from casework.crypto.models import check_canary

    # The new file is checked before it is installed, so no request writes with keys that do
    # not fit; a file refused is not read again until it changes (any other error, say a
    # locked database, leaves it to be tried at the next request).
    try:
        if os.stat(app.config["KEYS_FILE"]).st_mode & 0o077:
            raise KeyringError("the keys file may be read by others")
        candidate = Keyring.load(app.config["KEYS_FILE"])
        check_canary(candidate)
    except (KeyringError, OSError) as exc:
        app.extensions[STAMP] = stamp
        current_app.logger.error("the keys file changed but is refused (%s); still using the "
                                 "keys loaded before", exc)
        return
    install_keyring(app, candidate)


def current_keyring() -> Keyring:
    """The keyring of the running app."""
    ring = current_app.extensions.get("casework_keyring")
    if ring is None:
        raise KeyringError("No keyring is loaded: run `casework init` first.")
    return ring
