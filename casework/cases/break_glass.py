"""A supervisor opening a case she is not assigned to states a reason first (break-glass).

The reason is kept encrypted, the opening is flagged in the access log, and the grant lasts
a limited time (BREAK_GLASS_MINUTES), after which a new reason is asked for.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import ForeignKey, Index, Uuid, select
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from casework.accounts.access import current_staff, roles
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.models import Case
from casework.clean_input import local_target
from casework.crypto.fields import Encrypted
from casework.database import UTCDateTime, created_at, utcnow, uuid_pk
from casework.extensions import db

FLAG = "break_glass"


class BreakGlassGrant(db.Model):
    """A supervisor's stated reason to open one case, valid until expires_at."""

    __tablename__ = "break_glass_grant"
    __table_args__ = (Index("ix_break_glass_user_case_expiry", "user_id", "case_id", "expires_at"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"))
    case_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("case_file.id"), index=True)
    reason = Encrypted(str)
    created_at: Mapped[datetime] = created_at()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BreakGlassForm(FlaskForm):
    """Why the supervisor needs to open this case."""

    reason = TextAreaField(
        _l("Why do you need to open this case?"), [DataRequired(), Length(min=10, max=2000)]
    )
    next = HiddenField()


def active_grant(user: User, case: Case) -> BreakGlassGrant | None:
    """The user's unexpired grant for this case, if any."""
    return db.session.scalar(
        select(BreakGlassGrant)
        .where(BreakGlassGrant.user_id == user.id, BreakGlassGrant.case_id == case.id)
        .where(BreakGlassGrant.expires_at > utcnow())
        .limit(1)
    )


def open_grant(user: User, case: Case, reason: str) -> BreakGlassGrant:
    """Record the reason and allow the case for a limited time; the log flags it."""
    minutes = current_app.config["BREAK_GLASS_MINUTES"]
    grant = BreakGlassGrant(user_id=user.id, case_id=case.id,
                            expires_at=utcnow() + timedelta(minutes=minutes))
    grant.reason = reason.strip()
    db.session.add(grant)
    db.session.flush()
    record("break_glass", object_type="case", object_id=case.id, case_ref=case.reference,
           flags=FLAG)
    return grant


def _safe_case_path(target: str | None, reference: str) -> str:
    """Return only to a page of this same case."""
    base = url_for("cases.show", reference=reference)
    target = local_target(target)
    if target and target.startswith(base) and "//" not in target:
        return target
    return base


def break_glass(reference: str):
    """Ask the supervisor for her reason before an unassigned case opens."""
    from casework.cases.access import load_case_for_reason

    case = load_case_for_reason(reference)
    form = BreakGlassForm(data={"next": request.args.get("next", "")}
                          if request.method == "GET" else None)
    if form.validate_on_submit():
        open_grant(current_staff(), case, form.reason.data)
        return redirect(_safe_case_path(form.next.data, case.reference))
    return render_template("cases/break_glass.html", form=form, case=case), (
        422 if form.errors else 200)


def register_views(bp: Blueprint) -> None:
    """Add the reason form to the cases blueprint (called once by casework.cases.views)."""
    view = roles("supervisor")(break_glass)
    bp.add_url_rule("/<reference>/reason", "break_glass", view, methods=["GET", "POST"])
