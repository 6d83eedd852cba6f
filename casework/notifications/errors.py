"""Typed errors of the notifications domain."""

from __future__ import annotations


class DeliveryFailed(Exception):
    """A message could not be handed over; the reason names no address and no person.

    permanent: retrying cannot help (the server refused the address for good).
    """

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason[:200]
        self.permanent = permanent
