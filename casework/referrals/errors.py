"""Typed errors of the referrals domain; views turn them into clear messages."""

from __future__ import annotations

from flask_babel import gettext as _

from casework.children.consent import child_consent_message


class ReferralError(Exception):
    """A rule of the referral workflow refused the request; str() is the user's message."""

    def message(self) -> str:
        """The message shown to the user, in her language."""
        return _("This referral cannot be changed like that.")


class NotAServiceUnit(ReferralError):
    """The chosen organisation does not receive referrals (or is inactive)."""

    def message(self) -> str:
        """Say which organisations may receive referrals."""
        return _("Referrals can only go to an active service unit (UPTD PPA, Dinas Sosial, "
                 "Dukcapil, health, police or legal aid).")


class ServiceNotOffered(ReferralError):
    """The unit does not offer a service that was requested or recorded."""

    def message(self) -> str:
        """Say that the directory does not list the service."""
        return _("This unit does not offer that service; check the service directory.")


class MediationForbidden(ReferralError):
    """UU TPKS art. 23: no mediation of a sexual-violence crime by an adult perpetrator."""

    def message(self) -> str:
        """Name the law."""
        return _("Mediation is not allowed for this case: under UU TPKS (Law 12/2022) art. 23 "
                 "a sexual-violence crime may not be settled out of court unless the "
                 "perpetrator is a child.")


class DiversionForbidden(ReferralError):
    """Diversion is never offered for sexual violence."""

    def message(self) -> str:
        """Name the rule."""
        return diversion_message()


def diversion_message() -> str:
    """The refusal of diversion for a sexual-violence case, shared by the plans domain."""
    return _("Diversion is not offered for this case: it is recorded as sexual violence, which "
             "is never settled out of court (UU TPKS art. 23).")


class ConsentMissing(ReferralError):
    """No referral without the survivor's recorded consent to it."""

    def message(self) -> str:
        """Say what is missing."""
        return _("A referral can only be made with the survivor's consent to it.")


class NikNotAgreed(ReferralError):
    """NIK to a unit other than Dukcapil without her explicit agreement."""

    def message(self) -> str:
        """Explain the NIK rule."""
        return _("The NIK is shared only with Dukcapil, unless she explicitly agrees to share "
                 "it with this unit.")


class CaseNotOpen(ReferralError):
    """A closed or duplicate case cannot be referred."""

    def message(self) -> str:
        """Say why."""
        return _("This case is closed; reopen it before referring it.")


class WrongStatus(ReferralError):
    """The transition is not allowed from the referral's current status."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status

    def message(self) -> str:
        """Name the status the referral is in."""
        from casework.referrals.models import REFERRAL_STATUSES

        label = str(REFERRAL_STATUSES.get(self.status, self.status))
        return _("This referral is already %(status)s; nothing was changed.", status=label.lower())


class ConcurrentChange(ReferralError):
    """Someone else changed the referral between loading and saving it."""

    def message(self) -> str:
        """Say that another member of staff was first."""
        return _("Someone else changed this referral a moment ago; nothing was saved. "
                 "Check it again.")


class InvalidInput(ReferralError):
    """Input that does not fit the referral: an empty reason, a service without its document."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def message(self) -> str:
        """The specific reason, already translated."""
        return self.text


class ChildConsent(ReferralError):
    """A child's consent needs her guardian (not one connected to the perpetrator), or the
    supervisor's stated reason, and for a referral her own assent."""

    def __init__(self, problem: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem

    def message(self) -> str:
        """Explain the part of the rule for children that was broken."""
        return child_consent_message(self.problem)


class AlreadyReferred(ReferralError):
    """The case already has an open referral to this unit."""

    def message(self) -> str:
        """Point to the open referral."""
        return _("This case already has an open referral to this unit; see the case page.")


class OwnOrganisation(ReferralError):
    """A case is not referred to the organisation that holds it."""

    def message(self) -> str:
        """Say why."""
        return _("A case cannot be referred to the organisation that holds it.")


class ConsentAlreadyWithdrawn(ReferralError):
    """Her consent to this referral was withdrawn before."""

    def message(self) -> str:
        """Say so."""
        return _("Her consent to this referral was already withdrawn.")


class AlreadyTakenIn(ReferralError):
    """The unit already opened its own case from this referral."""

    def message(self) -> str:
        """Point to the case made before."""
        return _("Your unit already took this referral into case management; its case is "
                 "linked on this page. Nothing was made twice.")


class NotTakeable(ReferralError):
    """Only an accepted referral whose consent stands can be taken into case management."""

    def message(self) -> str:
        """Say when it can."""
        return _("Only an accepted referral, with her consent standing, can be taken into "
                 "case management.")


class RecordConsentMissing(ReferralError):
    """The unit opens its own case only with her consent to record it."""

    def message(self) -> str:
        """Say what is needed."""
        return _("Your unit can open its own case only with her consent to record it: tick "
                 "that she agrees.")
