"""The kinds of event staff are told of, who may choose about each, and the defaults.

One table: the settings form, the defaults and the message text all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

CHOICES = {
    "immediate": _l("Immediately"),
    "digest": _l("In the daily summary"),
    "none": _l("Not at all (only in the list here)"),
}


@dataclass(frozen=True)
class Kind:
    """One kind of event: its label, default choice and the roles who receive it."""

    label: LazyString
    default: str
    roles: tuple[str, ...]


KINDS: dict[str, Kind] = {
    "new_referral": Kind(_l("A new referral for my unit"), "immediate",
                         ("service_staff", "supervisor", "paralegal")),
    "referral_answered": Kind(_l("My referral accepted, declined or completed"), "immediate",
                              ("paralegal", "supervisor", "service_staff")),
    "referral_overdue": Kind(_l("An urgent referral not accepted in time"), "immediate",
                             ("paralegal", "supervisor", "service_staff")),
    "closure_waiting": Kind(_l("A case closure waiting for my approval"), "immediate",
                            ("supervisor",)),
    "transfer_proposed": Kind(_l("A case transfer proposed to my organisation"), "immediate",
                              ("supervisor", "paralegal", "service_staff")),
    "actions_due": Kind(_l("My follow-ups and actions due (once a day)"), "digest",
                        ("paralegal", "supervisor", "service_staff")),
    "account_locked": Kind(_l("An account locked after failed logins"), "immediate",
                           ("admin", "supervisor")),
    "login_blocked": Kind(_l("Logins to my own account blocked after failed attempts"),
                          "immediate", ("paralegal", "service_staff", "supervisor", "admin")),
    "rate_limited": Kind(_l("A member of my team stopped for too many requests"), "immediate",
                         ("supervisor",)),
}
# Kinds that only ever go out in the daily summary (choosing "immediately" means the same).
DAILY_ONLY = ("actions_due",)


def kinds_for(role: str) -> list[str]:
    """The kinds a user of this role may be told of, in table order."""
    return [name for name, kind in KINDS.items() if role in kind.roles]
