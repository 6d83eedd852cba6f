"""Typed errors of the cases domain; views turn them into messages."""


class CaseError(Exception):
    """A rule of the case workflow refused the request."""


class StaleEdit(CaseError):
    """Someone saved the record after this form was opened."""


class CaseClosed(CaseError):
    """The case is closed or marked duplicate and takes no edits."""


class NotClosed(CaseError):
    """Only a closed case can be reopened."""


class ClosurePending(CaseError):
    """A request to close this case already waits for a supervisor."""


class RequestDecided(CaseError):
    """This closure request was already approved or refused."""


class NotAssignable(CaseError):
    """The chosen person cannot take this case (not an active paralegal of its organisation)."""
