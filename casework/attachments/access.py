"""Who may download an attachment: the case's own staff, and service staff through a hook.

Service staff reach a case only through a referral that shares the "documents" group. The
referrals domain decides that; it registers its rule here once, at import:

    from casework.attachments.access import register_download_rule
    register_download_rule(lambda user, attachment: <referral shares documents>)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from flask import abort

from casework.accounts.access import CASE_ROLES, current_staff, role_allows
from casework.accounts.models import User
from casework.attachments.models import Attachment
from casework.audit.operations import record
from casework.cases.access import Need, load_case, may_access_case
from casework.extensions import db

DownloadRule = Callable[[User, Attachment], bool]
_SERVICE_RULES: list[DownloadRule] = []


def register_download_rule(rule: DownloadRule) -> None:
    """Add a rule that may let service staff download (e.g. the referral shares documents)."""
    if rule not in _SERVICE_RULES:
        _SERVICE_RULES.append(rule)


def on_case_side(user: User, attachment: Attachment) -> bool:
    """Whether the case's own rules decide: supervisors, paralegals, and a unit's case workers
    for her own organisation's cases (a case referred to her unit goes by the referral's)."""
    if user.role == "service_staff":
        return user.works_cases and attachment.case.organisation_id == user.organisation_id
    return role_allows(user, CASE_ROLES)


def may_download(user: User, attachment: Attachment) -> bool:
    """The case's rules for its own staff; for service staff, any registered rule."""
    if on_case_side(user, attachment):
        return may_access_case(user, attachment.case, "view")
    if user.role == "service_staff":
        return any(rule(user, attachment) for rule in _SERVICE_RULES)
    return False


def load_attachment(attachment_id: uuid.UUID, need: Need = "view") -> Attachment:
    """The attachment if the current user may have it; otherwise a logged 404.

    The case's own staff go through load_case, so its every rule applies (a supervisor's
    stated reason included); service staff through the registered rules.
    """
    user = current_staff()
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is not None and on_case_side(user, attachment):
        load_case(attachment.case.reference, need)
        return attachment
    if attachment is None or need != "view" or not may_download(user, attachment):
        record("denied", object_type="attachment",
               object_id=attachment.id if attachment else None,
               case_ref=attachment.case.reference if attachment else None, outcome="denied")
        abort(404)
    return attachment
