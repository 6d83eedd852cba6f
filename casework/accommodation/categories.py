"""Disability types of UU 8/2016 and the accommodations: codes, shown in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# UU 8/2016 art. 4(1): physical, intellectual, mental and sensory (visual, hearing, speech).
DISABILITY_TYPES = {
    "physical": _l("Physical"),
    "intellectual": _l("Intellectual"),
    "mental": _l("Mental"),
    "visual": _l("Sensory: visual (netra)"),
    "hearing": _l("Sensory: hearing (rungu)"),
    "speech": _l("Sensory: speech (wicara)"),
}
SENSORY_TYPES = ("visual", "hearing", "speech")
# The form's choices: "none" is an answer too, so a blank stays "not asked".
DISABILITY_ANSWERS = {"none": _l("No disability"), **DISABILITY_TYPES}
ACCOMMODATIONS = {
    "sign_language": _l("Sign-language interpreter"),
    "companion": _l("A companion (pendamping)"),
    "easy_read": _l("Easy-read or audio information"),
    "physical_access": _l("Physical access (ramp, ground floor, wheelchair)"),
    "other": _l("Other"),
}
