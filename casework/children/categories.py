"""The category lists of a child's case: stored as codes, shown in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

GUARDIAN_RELATIONSHIPS = {
    "mother": _l("Mother"),
    "father": _l("Father"),
    "grandparent": _l("Grandparent"),
    "sibling": _l("Adult sibling"),
    "relative": _l("Other relative"),
    "foster": _l("Foster parent / caregiver"),
    "institution": _l("Staff of a child care institution (LKSA)"),
    "other": _l("Other"),
}
# Whether the guardian is the perpetrator or close to him: then she may not consent for the
# child, and a supervisor does, with a reason (casework.cases.rules.child_consent_problem).
PERPETRATOR_LINKS = {
    "none": _l("Not connected to the perpetrator"),
    "connected": _l("Connected to the perpetrator (family, household, friend)"),
    "perpetrator": _l("Is the perpetrator"),
}
INTERVIEW_ADAPTATIONS = {
    "child_language": _l("Her own words and language, short simple questions"),
    "drawing_play": _l("Drawings, dolls or play"),
    "short_sessions": _l("Short sessions with breaks"),
    "trusted_adult": _l("A trusted adult of her choice present"),
    "same_sex": _l("Interviewer of the sex she chose"),
    "child_room": _l("A quiet, child-friendly room"),
    "interpreter": _l("Interpreter or sign language"),
    "other": _l("Other"),
}
# The child's own view of a referral made for her (recorded beside her guardian's consent).
CHILD_ASSENT = {
    "assented": _l("She agrees"),
    "objected": _l("She does not agree (her view is recorded and weighed)"),
    "too_young": _l("Too young to give a view"),
}
