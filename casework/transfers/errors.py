"""Typed errors of the transfers domain; views turn them into clear messages."""

from __future__ import annotations

from flask_babel import gettext as _

from casework.accounts.roles import CASE_HOLDING_KINDS, ORGANISATION_KINDS
from casework.children.consent import child_consent_message
from casework.transfers.models import TRANSFER_STATUSES


class TransferError(Exception):
    """A rule of the transfer workflow refused the request."""

    def message(self) -> str:
        """The message shown to the user, in her language."""
        return _("This transfer cannot be changed like that.")


class ConsentMissing(TransferError):
    """No recorded consent of the survivor to the transfer."""

    def message(self) -> str:
        """Say what is needed."""
        return _("A case is transferred only with her consent: tick that she agrees to the "
                 "transfer to this organisation.")


class ChildConsent(TransferError):
    """A child's consent needs her guardian (not one connected to the perpetrator), or the
    supervisor's stated reason, and for a referral her own assent."""

    def __init__(self, problem: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem

    def message(self) -> str:
        """Explain the part of the rule for children that was broken."""
        return child_consent_message(self.problem)


class NotCaseHolding(TransferError):
    """The chosen organisation does not hold cases (or is inactive or unknown)."""

    def message(self) -> str:
        """Say which organisations may receive a case."""
        kinds = ", ".join(str(ORGANISATION_KINDS[kind]) for kind in CASE_HOLDING_KINDS)
        return _("A case can only be transferred to an active organisation that manages cases "
                 "(%(kinds)s): this organisation does not.", kinds=kinds)


class OwnOrganisation(TransferError):
    """The case is already held by the chosen organisation."""

    def message(self) -> str:
        """Say why."""
        return _("This case is already held by that organisation; choose another one.")


class AlreadyProposed(TransferError):
    """The case has an open transfer proposal already."""

    def message(self) -> str:
        """Point to the open proposal."""
        return _("This case already has an open transfer proposal; withdraw it first or wait "
                 "for the answer.")


class CaseNotOpen(TransferError):
    """A closed or duplicate case is not transferred."""

    def message(self) -> str:
        """Say why."""
        return _("This case is closed; reopen it before transferring it.")


class NotOpen(TransferError):
    """The transfer was already accepted, declined or withdrawn."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status

    def message(self) -> str:
        """Name the status the transfer is in."""
        label = str(TRANSFER_STATUSES.get(self.status, self.status))
        return _("This transfer is already %(status)s; nothing was changed.", status=label.lower())


class ConcurrentChange(TransferError):
    """Someone else changed the transfer or the case between loading and saving it."""

    def message(self) -> str:
        """Say that another member of staff was first."""
        return _("Someone else changed this transfer or case a moment ago; nothing was saved. "
                 "Check it again.")


class ReceiverHoldsHerCase(TransferError):
    """The receiver already opened its own case from a referral of this case."""

    def message(self) -> str:
        """Name the situation (two cases of one survivor), not her."""
        return _("Your organisation already holds its own case opened from a referral of this "
                 "case: accepting would give you two cases of the same survivor. Decline, and "
                 "work in the case you already hold.")


class NotAssignable(TransferError):
    """The chosen person does not work cases at the receiving organisation."""

    def message(self) -> str:
        """Say who may be chosen."""
        return _("Choose an active case worker of your organisation to take the case.")


class ReasonRequired(TransferError):
    """A decline without a reason."""

    def message(self) -> str:
        """Ask for it."""
        return _("Write a short reason; it cannot be empty.")


class NothingToWithdraw(TransferError):
    """The case has no open proposal (answered or withdrawn meanwhile)."""

    def message(self) -> str:
        """Say so."""
        return _("This case has no open transfer proposal; it may have been answered a "
                 "moment ago.")
