"""Typed errors of the plans domain; views turn them into messages."""

from casework.cases.errors import CaseError, StaleEdit


class PlanError(CaseError):
    """A rule of case management refused the request."""


class StalePlan(StaleEdit):
    """Someone saved this part of the plan after this form was opened."""


class DateInPast(PlanError):
    """A due or next date lies before today."""


class MediationForbidden(PlanError):
    """UU TPKS art. 23: this case may not be settled by mediation."""


class DiversionForbidden(PlanError):
    """Diversion is never offered for a sexual-violence case."""


class UnknownChoice(PlanError):
    """A chosen goal, colleague, unit or referral does not belong to this case."""
