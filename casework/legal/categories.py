"""The kinds of legal step and their choices, in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The criminal process, in the order it runs; each of these after the police report may not
# be dated before it.
PROCESS_KINDS = ("police_report", "investigation", "p21", "trial", "verdict", "appeal")
AFTER_REPORT = PROCESS_KINDS[1:]
RESTITUTION_KINDS = ("restitution_requested", "restitution_decided", "restitution_paid")
PROTECTION_KINDS = ("protection_order_requested", "protection_order_granted")
LPSK_KINDS = ("lpsk_requested", "lpsk_granted")

STEP_KINDS = {
    "police_report": _l("Police report"),
    "investigation": _l("Investigation"),
    "p21": _l("Case file complete (P21)"),
    "trial": _l("Trial"),
    "verdict": _l("Verdict"),
    "appeal": _l("Appeal"),
    "restitution_requested": _l("Restitution requested"),
    "restitution_decided": _l("Restitution decided"),
    "restitution_paid": _l("Restitution paid"),
    "protection_order_requested": _l("Protection order requested"),
    "protection_order_granted": _l("Protection order granted"),
    "lpsk_requested": _l("LPSK protection requested"),
    "lpsk_granted": _l("LPSK protection granted"),
    "legal_aid": _l("Legal aid provider"),
}

ORDERED_BY = {"police": _l("Police"), "court": _l("Court")}
RESTITUTION_DECISIONS = {"granted": _l("Granted"), "refused": _l("Refused")}

# Which optional fields each kind asks for (the date and who accompanied her are always asked).
KIND_FIELDS = {
    "police_report": ("report_number", "police_unit"),
    "verdict": ("sentence",),
    "restitution_requested": ("amount",),
    "restitution_decided": ("decision", "amount"),
    "restitution_paid": ("amount",),
    "protection_order_granted": ("ordered_by", "starts_on", "ends_on", "restrictions"),
    "legal_aid": ("provider_org", "provider_name"),
}

# The statistics rows: what a case has reached, and the kinds (with a decision) that count.
MILESTONES = {
    "reported": _l("Reported to the police"),
    "trial": _l("Reached trial"),
    "restitution": _l("Restitution granted"),
    "protection": _l("Protection order granted"),
}


def fields_of(kind: str) -> tuple[str, ...]:
    """The kind-specific fields of a step."""
    return KIND_FIELDS.get(kind, ())
