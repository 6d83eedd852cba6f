"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
# zxcvbn's estimate, 0 to 4: 3 means about 10^8 guesses or more. Its dictionaries hold the
# most common passwords of real breaches (and English words, names, keyboard walks, dates,
# repeats and their l33t forms), so "qwertyuiopas" scores 1 and "password1234" 0.
MIN_STRENGTH_SCORE = 3
# Words of this service that make a password easy to guess for anyone who knows where it is.
SERVICE_WORDS = ("casework", "kasus", "sandi", "password", "paralegal", "supervisor")


def hasher() -> PasswordHasher:
    """Argon2id with the configured cost (OWASP minimum m=19 MiB, t=2)."""
    return _hasher(
        current_app.config["PASSWORD_HASH_MEMORY_KIB"], current_app.config["PASSWORD_HASH_TIME_COST"]
    )


@lru_cache(maxsize=8)
def _hasher(memory_kib: int, time_cost: int) -> PasswordHasher:
    """One hasher per cost setting."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def hash_password(password: str) -> str:
    """The argon2id hash to store."""
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash."""
    try:
        return hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the stored hash was made with weaker parameters than today's."""
    try:
        return hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords too common to allow, lower-cased."""
    text = resources.files("casework.accounts").joinpath("common_passwords.txt").read_text()
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line.casefold() for line in lines if line and not line.startswith("#"))


def strength_score(password: str, username: str = "") -> int:
    """zxcvbn's 0-4 estimate, with the user name and this service's words as known guesses."""
    hints = [word for word in (username, *SERVICE_WORDS) if word]
    return int(zxcvbn(password, user_inputs=hints, max_length=MAX_LENGTH)["score"])


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is refused, or None: length, the shipped list and zxcvbn's score
    (no composition rules: a long sentence of lower-case words is fine)."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_LENGTH)
    folded = password.casefold()
    if folded in common_passwords() or (username and folded == username.casefold()):
        return _("This password is too common or easy to guess; choose another.")
    if strength_score(password, username) < MIN_STRENGTH_SCORE:
        return _("This password is on lists of leaked passwords or follows an easy pattern "
                 "(keyboard rows, repeats, dates, common words); choose another, for example "
                 "a sentence of four or more words.")
    return None
