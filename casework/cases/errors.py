"""Typed errors of the cases domain; views turn them into messages."""


class CaseError(Exception):
    """A rule of the case workflow refused the request."""


class StaleEdit(CaseError):
    """Someone saved the record after this form was opened."""


class CaseClosed(CaseError):
    """The case is closed or marked duplicate and takes no edits."""
