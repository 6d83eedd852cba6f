"""Typed errors of the retention domain; views turn them into messages."""


class PurgeRefused(Exception):
    """A purge that may not happen."""


class NotClosed(PurgeRefused):
    """Only a closed (or duplicate) case may be purged."""


class AlreadyPurged(PurgeRefused):
    """The case was purged before."""
