"""Typed errors of the search domain; views turn them into messages."""


class SearchError(Exception):
    """A search or duplicate marking was refused."""


class QueryTooShort(SearchError):
    """Fewer letters or digits than a search can use."""


class QueryTooLong(SearchError):
    """Longer than any name, NIK, phone or reference."""


class NotADuplicate(SearchError):
    """The case cannot be marked a duplicate of the one named."""
