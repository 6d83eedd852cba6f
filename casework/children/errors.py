"""Typed errors of the children domain; views turn them into messages."""

from __future__ import annotations

from flask_babel import gettext as _

from casework.cases.errors import CaseError


class ChildrenError(CaseError):
    """A rule of a child's case refused the request; message() says which."""

    def message(self) -> str:
        """The message shown to the user, in her language."""
        return _("This cannot be recorded for this case.")


class NotAChild(ChildrenError):
    """A guardian, or a child-friendly interview, for a survivor of 18 or over."""

    def message(self) -> str:
        """Say why, and what to do if her age is wrong."""
        return _("The survivor was 18 or older at report: a guardian and a child-friendly "
                 "interview are recorded only for a child. If her age is wrong, correct it "
                 "on the case first.")


class ContactNotSafe(ChildrenError):
    """A guardian's contact typed although contacting the guardian is not safe."""

    def message(self) -> str:
        """Say that the contact is kept only when it is safe."""
        return _("A guardian's contact is kept only when it is safe to contact the guardian: "
                 "tick that it is safe, or leave the contact empty.")
