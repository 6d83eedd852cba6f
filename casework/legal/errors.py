"""Typed errors of the legal domain; views turn them into messages on the field."""

from casework.cases.errors import CaseError, StaleEdit


class LegalError(CaseError):
    """A rule of the legal process refused the step."""

    field = "step_on"


class BeforePoliceReport(LegalError):
    """A step of the criminal process dated before the police report."""


class ReportAfterLaterStep(LegalError):
    """A police report dated after a later step of the process already recorded."""


class StaleStep(StaleEdit):
    """Someone saved this step after the form was opened."""


class UnknownOrganisation(LegalError):
    """The chosen organisation is not one the form offered."""

    field = "accompanied_by_org"
