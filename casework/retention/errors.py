"""Typed errors of the retention domain; views turn them into messages."""


class PurgeRefused(Exception):
    """A purge that may not happen."""


class NotClosed(PurgeRefused):
    """Only a closed (or duplicate) case may be purged."""


class AlreadyPurged(PurgeRefused):
    """The case was purged before."""


class RetentionNotReached(PurgeRefused):
    """Purged for the end of retention before its end (a child's counts from her 18th birthday)."""
