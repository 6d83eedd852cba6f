"""Blind indexes: truncated HMACs of normalised values, for exact search without decryption."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

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


def blind_index(ring: Keyring, field: str, normalised: str) -> int:
    """The bucket number of a normalised value for one field."""
    key = field_key(ring.index_key, "blind_index", field)
    digest = hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") >> (32 - INDEX_BITS)
