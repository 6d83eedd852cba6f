"""Typed errors of the regions domain."""


class RegionDataError(ValueError):
    """A region list that cannot be installed, with the reason to show the operator."""
