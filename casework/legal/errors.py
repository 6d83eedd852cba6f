"""Typed errors of the legal domain; views turn them into messages on the field."""

from datetime import date

from casework.cases.errors import CaseError, StaleEdit


class LegalError(CaseError):
    """A rule of the legal process refused the step."""


class BeforePoliceReport(LegalError):
    """A step of the criminal process dated before the police report."""

    def __init__(self, report_on: date) -> None:
        super().__init__(report_on)
        self.report_on = report_on


class ReportAfterLaterStep(LegalError):
    """A police report dated after a later step of the process already recorded."""


class StaleStep(StaleEdit):
    """Someone saved this step after the form was opened."""
