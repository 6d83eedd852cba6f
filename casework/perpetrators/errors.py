"""Typed errors of the perpetrators domain; views turn them into messages."""


class PerpetratorError(Exception):
    """A rule about perpetrators refused the request."""


class NoIncident(PerpetratorError):
    """The case has no incident to attach a perpetrator to."""
