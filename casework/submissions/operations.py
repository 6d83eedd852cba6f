"""One-time tokens in create forms: a retry of a submission that was saved (its answer lost on a
weak connection) is sent where the first one went, instead of saving the case, note or
referral a second time."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, request
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import delete, select

from casework.database import utcnow
from casework.extensions import db
from casework.submissions.models import FormSubmission

FIELD = "submission"
KEEP = timedelta(days=2)


def _token_hash(token: str) -> str:
    """The stored form of a token, bound to the user who sent it: someone else's copy of the
    token finds nothing and collides with nothing."""
    return hashlib.sha256(f"{current_user.id}:{token}".encode("utf-8", errors="replace")).hexdigest()


def submission_field() -> Markup:
    """The hidden input a create form carries: a new token each time the form is shown."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(16))


def _sent_token() -> str | None:
    """The token of the form being submitted, if it carries a sane one."""
    token = request.form.get(FIELD, "")
    return token if 16 <= len(token) <= 64 else None


def saved_before() -> str | None:
    """Where a submission with this form's token, by this user, already led; else None."""
    token = _sent_token()
    if token is None:
        return None
    return db.session.scalar(select(FormSubmission.location).where(
        FormSubmission.token_hash == _token_hash(token)))


def remember_submission(location: str) -> None:
    """Keep this form's token with where its answer leads, in the transaction that saved it."""
    token = _sent_token()
    if token is None:
        return
    # Only her own old tokens: two people saving at once never wait on each other's rows.
    db.session.execute(delete(FormSubmission).where(FormSubmission.user_id == current_user.id,
                                                    FormSubmission.created_at < utcnow() - KEEP))
    db.session.add(FormSubmission(token_hash=_token_hash(token), user_id=current_user.id,
                                  location=location[:200]))
    db.session.flush()


def init_submissions(app: Flask) -> None:
    """Offer submission_field() to every template."""
    app.add_template_global(submission_field)
