"""Blind indexes: truncated HMACs of normalised values, for exact search without decryption."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from casework.crypto.fields import field_key
from casework.crypto.keyring import Keyring

# 16 bits: at 100,000 survivors a bucket holds one or two; at a million, about fifteen.
# The candidates are decrypted and confirmed, so a bucket never answers on its own.
INDEX_BITS = 16


def normalise_nik(value: str) -> str:
    """Keep the digits of a NIK."""
    return re.sub(r"\D", "", value or "")


def normalise_phone(value: str) -> str:
    """Bring an Indonesian number to +62 form: 0812..., 62812..., +62 (0)812..., 0062 812... agree."""
    digits = re.sub(r"\D", "", value or "")
    digits = digits.removeprefix("00")  # the international call prefix, as in 0062
    if digits.startswith("62"):
        digits = digits[2:]
    digits = digits.removeprefix("0")  # the trunk zero, also when written after +62 as (0)
    return f"+62{digits}" if digits else ""


# Marks written inside one word: the apostrophe of Ma'ruf or Nur'aini, typed as any of these.
APOSTROPHES = re.compile("['`\u00b4\u2018\u2019\u02bb\u02bc\u2032\uff07]")


def name_tokens(value: str) -> list[str]:
    """Lower-cased name words, accents removed, each once.

    An apostrophe vanishes (Nur'aini is the word nuraini); a hyphen, space or any other
    punctuation separates words, since it stands between two names (Siti-Aminah).
    """
    joined = APOSTROPHES.sub("", value or "")
    decomposed = unicodedata.normalize("NFKD", joined)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.split(r"[\W_]+", bare.casefold())
    seen: list[str] = []
    for word in words:
        if word and word not in seen:
            seen.append(word)
    return seen


@lru_cache(maxsize=64)
def _index_mac(key: bytes, field_name: str) -> hmac.HMAC:
    """The keyed HMAC of one index key and field, ready to be copied for each value."""
    return hmac.new(field_key(key, "blind_index", field_name), digestmod=hashlib.sha256)


def bucket_under(key: bytes, field_name: str, normalised: str) -> int:
    """The blind-index bucket of a normalised value under one index key."""
    mac = _index_mac(key, field_name).copy()
    mac.update(normalised.encode("utf-8"))
    return int.from_bytes(mac.digest()[:4], "big") >> (32 - INDEX_BITS)


def blind_index(ring: Keyring, field: str, normalised: str) -> int:
    """The bucket number of a normalised value for one field, under the primary index key."""
    return bucket_under(ring.index_key, field, normalised)


def buckets_under_every_key(ring: Keyring, field_name: str, normalised: str) -> list[tuple[str, int]]:
    """(key id, bucket) under every index key held, so search works mid-rotation."""
    return [(key_id, bucket_under(key, field_name, normalised))
            for key_id, key in ring.index_keys.items()]


# The survivor's fields survivor_index_values reads (re-indexing decrypts only these).
INDEXED_FIELDS = ("nik", "phone", "safe_phone", "name", "alias")


def survivor_index_values(survivor) -> list[tuple[str, str]]:
    """The (field, normalised value) pairs a survivor is indexed under: her NIK, both phones,
    and every word of her name and alias."""
    values = [("nik", normalise_nik(survivor.nik or ""))]
    values += [("phone", normalise_phone(p)) for p in (survivor.phone, survivor.safe_phone) if p]
    names = f"{survivor.name or ''} {survivor.alias or ''}"
    values += [("name", token) for token in name_tokens(names)]
    return [(field, value) for field, value in values if value]
