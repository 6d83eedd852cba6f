"""The messages of the rule for a child's consent (casework.cases.rules.child_consent_problem)."""

from __future__ import annotations

from flask_babel import gettext as _


def child_consent_message(problem: str | None) -> str:
    """The refusal for one broken part of the rule, in the user's language."""
    if problem == "guardian_connected":
        return _("The guardian recorded on this case is the perpetrator or connected to him: "
                 "consent for the child is given by a supervisor, with the reason.")
    if problem == "no_assent":
        return _("Record the child's own view of this referral (her assent).")
    return _("For a child, record consent with her guardian, or the supervisor's reason "
             "when the guardian is the perpetrator, connected to him, or absent, and name them.")
