"""The words of a notification, made from its kind and counts in the user's language.

Nothing here can name a survivor: the only inputs are the kind, a status word, counts and
the configured address of the login page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, gettext, ngettext

from casework.notifications.kinds import KINDS
from casework.notifications.models import Notification

SMS_LENGTH = 160


@dataclass(frozen=True)
class Message:
    """A notification's subject (for email) and body."""

    subject: str
    body: str


def login_url() -> str:
    """Where the message sends the reader: the login page of the configured address."""
    return current_app.config["BASE_URL"].rstrip("/") + "/login"


def _answered(detail: str | None, count: int) -> str:
    """A referral you sent was accepted / declined / completed."""
    if detail == "accepted":
        return ngettext("A referral you sent was accepted.",
                        "%(num)d referrals you sent were accepted.", count)
    if detail == "declined":
        return ngettext("A referral you sent was declined.",
                        "%(num)d referrals you sent were declined.", count)
    return ngettext("A referral you sent was completed by the unit.",
                    "%(num)d referrals you sent were completed by the units.", count)


def line(kind: str, detail: str | None, count: int) -> str:
    """One sentence saying what kind of thing waits, and how many."""
    if kind == "referral_answered":
        return _answered(detail, count)
    texts = {
        "new_referral": lambda: ngettext("A new referral waits for your unit.",
                                         "%(num)d new referrals wait for your unit.", count),
        "referral_overdue": lambda: ngettext(
            "An urgent referral was not accepted in time.",
            "%(num)d urgent referrals were not accepted in time.", count),
        "closure_waiting": lambda: ngettext(
            "A case closure waits for your approval.",
            "%(num)d case closures wait for your approval.", count),
        "transfer_proposed": lambda: ngettext(
            "A case transfer to your organisation waits for an answer.",
            "%(num)d case transfers to your organisation wait for an answer.", count),
        "actions_due": lambda: ngettext(
            "One follow-up or action is due on your cases.",
            "%(num)d follow-ups and actions are due on your cases.", count),
        "account_locked": lambda: ngettext(
            "A staff account was locked after failed logins.",
            "%(num)d staff accounts were locked after failed logins.", count),
        "login_blocked": lambda: ngettext(
            "Logins to your account were blocked after failed attempts from one address. If "
            "it was not you, tell your supervisor; you can release the lock with a recovery "
            "code, or your supervisor can.",
            "Logins to your account were blocked %(num)d times after failed attempts. If it "
            "was not you, tell your supervisor; you can release the lock with a recovery "
            "code, or your supervisor can.", count),
        "rate_limited": lambda: ngettext(
            "A member of your team was stopped for opening too many cases or log pages in a "
            "short time. The access log shows who.",
            "%(num)d times a member of your team was stopped for opening too many cases or "
            "log pages in a short time. The access log shows who.", count),
    }
    return texts[kind]() if kind in texts else gettext("Something waits for you.")


# A digest row's detail lists its parts in short codes, so that every part fits the column
# (String(200)) whole: at most 9 kinds and 3 answers, each "<kind><answer>:<count>," in at
# most 2 + 1 + 10 + 1 characters, is 168. The full names (up to 270) did not fit.
KIND_CODES = {"new_referral": "n", "referral_answered": "r", "referral_overdue": "o",
              "closure_waiting": "c", "transfer_proposed": "t", "actions_due": "d",
              "account_locked": "l", "login_blocked": "b", "rate_limited": "x"}
ANSWER_CODES = {"accepted": "a", "declined": "d", "completed": "c"}
_KIND_OF = {code: kind for kind, code in KIND_CODES.items()}
_ANSWER_OF = {code: answer for answer, code in ANSWER_CODES.items()}


def digest_parts(detail: str | None) -> list[tuple[str, str | None, int]]:
    """The (kind, detail, count) parts a digest row lists, from its detail text."""
    parts = []
    for item in (detail or "").split(","):
        head, _, number = item.rpartition(":")
        if not number.isdigit():
            continue
        if ":" in head:  # written before the short codes: kind:detail:count
            kind, _, sub = head.partition(":")
            if kind in KINDS:
                parts.append((kind, sub or None, int(number)))
        elif head[:1] in _KIND_OF:
            parts.append((_KIND_OF[head[0]], _ANSWER_OF.get(head[1:]), int(number)))
    return parts


def digest_detail(parts: list[tuple[str, str | None, int]]) -> str:
    """The detail text of a digest row: <kind code><answer code>:count, comma-separated."""
    return ",".join(f"{KIND_CODES[kind]}{ANSWER_CODES.get(detail or '', '')}:{count}"
                    for kind, detail, count in parts)


def lines_of(row: Notification) -> list[str]:
    """The sentences of a notification (a digest has one per kind)."""
    if row.kind == "digest":
        return [line(kind, detail, count) for kind, detail, count in digest_parts(row.detail)]
    return [line(row.kind, row.detail, row.count or 1)]


def compose(row: Notification, locale: str | None) -> Message:
    """The subject and body of a notification in the recipient's language."""
    with force_locale(locale or "id"):
        subject = (gettext("Casework: your daily summary") if row.kind == "digest"
                   else gettext("Casework: something waits for you"))
        body = "\n".join([
            *lines_of(row), "",
            gettext("Log in to see it: %(url)s", url=login_url()), "",
            gettext("This message holds no details of any case, on purpose."),
        ])
    return Message(subject, body)


def sms_text(row: Notification, locale: str | None) -> str:
    """A short text for SMS: what waits and where to log in, within one message. When too
    long, the sentences are shortened, never the login address."""
    url = login_url()
    with force_locale(locale or "id"):
        text = " ".join(lines_of(row))
    room = SMS_LENGTH - len(url) - 1
    if len(text) > room:
        # "..." and not the ellipsis character: one outside the GSM alphabet would make the
        # whole SMS a 70-character message
        text = text[:max(room - 3, 0)].rstrip() + "..." if room > 3 else ""
    return f"{text} {url}" if text else url
