"""Typed errors of the accommodation domain; forms show the same messages."""

from __future__ import annotations

from flask_babel import gettext as _

from casework.cases.errors import CaseError


class UnknownNeed(CaseError):
    """A disability type or accommodation that is not on the list."""

    def message(self) -> str:
        """Name the lists."""
        return unknown_disability_message()


def unknown_disability_message() -> str:
    """The refusal of a disability type not in UU 8/2016's list."""
    return _("Choose the disability types from the list of UU 8/2016: physical, intellectual, "
             "mental, or sensory (visual, hearing, speech); tick several if she has more "
             "than one.")
