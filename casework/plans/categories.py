"""Category lists of case management after intake, stored as codes and shown translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NEED_AREAS = {
    "safety": _l("Safety"),
    "health": _l("Health"),
    "psychosocial": _l("Psychosocial"),
    "legal": _l("Legal"),
    "economic": _l("Economic"),
    "identity_documents": _l("Identity documents"),
    "shelter": _l("Shelter"),
}
URGENCIES = {
    "none": _l("No need now"),
    "low": _l("Can wait"),
    "medium": _l("Soon (within a week)"),
    "urgent": _l("Urgent (today)"),
}
# A need that must be met soon enough to show first on the plan.
PRESSING_URGENCIES = ("medium", "urgent")
GOAL_STATUSES = {"open": _l("Open"), "achieved": _l("Achieved"), "dropped": _l("Dropped")}
ACTION_STATUSES = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "cancelled": _l("Cancelled"),
}
OPEN_ACTION_STATUSES = ("planned", "in_progress")
RESPONSIBLE_KINDS = {
    "paralegal": _l("The case paralegal"),
    "colleague": _l("A colleague"),
    "referral": _l("A unit, through a referral"),
    "unit": _l("A unit (no referral yet)"),
}
FOLLOWUP_METHODS = {"visit": _l("Visit"), "call": _l("Call"), "message": _l("Message")}
FOLLOWUP_OUTCOMES = {
    "reached_safe": _l("Reached; she is safe"),
    "reached_concerns": _l("Reached; new concerns"),
    "not_safe_to_talk": _l("Reached; not safe to talk"),
    "not_reached": _l("Not reached"),
}
COPY_CHOICES = {
    "kept": _l("She kept a printed copy"),
    "refused": _l("She chose not to keep a copy"),
    "not_offered": _l("Not printed yet"),
}
OWN_SERVICES = (
    "psychological", "health", "law_enforcement", "legal_aid", "mediation", "complaint",
    "faith_accompaniment", "social_reintegration", "return_home", "civil_documents",
)
