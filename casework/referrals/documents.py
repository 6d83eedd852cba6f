"""The "documents" group: a unit reads the case's attachments only through an accepted referral
that shares documents (registered with the attachments domain's download hook)."""

from __future__ import annotations

from flask import url_for
from flask_babel import format_date
from sqlalchemy import select

from casework.accounts.models import User
from casework.attachments.access import register_download_rule
from casework.attachments.models import Attachment
from casework.attachments.operations import case_attachments
from casework.cases.models import Case
from casework.extensions import db
from casework.referrals.access import unit_sees_shared_fields
from casework.referrals.models import Referral
from casework.referrals.sharing import add_group_source

# A case rarely has more; the unit asks the sender for anything beyond.
MAX_LISTED = 50


def unit_may_download(user: User, attachment: Attachment) -> bool:
    """Service staff of a unit holding an accepted referral of the case that shares documents."""
    if user.role != "service_staff":
        return False
    referrals = db.session.scalars(select(Referral).where(
        Referral.case_id == attachment.case_id, Referral.to_org_id == user.organisation_id,
        Referral.status == "accepted"))
    return any(unit_sees_shared_fields(r) and "documents" in r.shared_groups for r in referrals)


def document_pairs(case: Case) -> list[tuple[str, str, str]]:
    """(date, file name, download link) of the case's attachments, newest first."""
    attachments = db.session.scalars(case_attachments(case.id).limit(MAX_LISTED))
    return [(format_date(a.created_at, "medium"), a.filename or "",
             url_for("attachments.download", attachment_id=a.id)) for a in attachments]


def register_documents() -> None:
    """Wire the documents group into sharing and the attachments download rule."""
    add_group_source("documents", document_pairs)
    register_download_rule(unit_may_download)
