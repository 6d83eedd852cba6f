"""Typed errors of the crypto domain."""


class KeyringError(RuntimeError):
    """The keyring is missing, unreadable or does not match the database."""


class DecryptionError(Exception):
    """A stored value failed authentication: wrong key, wrong place or tampered."""
