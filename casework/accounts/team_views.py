"""The supervisor's team page: the staff she oversees, and ending their sessions."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from casework.accounts.access import (
    SUPERVISED_ROLES,
    current_staff,
    load_staff_member,
    organisation_scope,
    roles,
)
from casework.accounts.forms import StaffMemberForm
from casework.accounts.models import User
from casework.accounts.operations import revoke_sessions
from casework.accounts.views import bp
from casework.database import utcnow
from casework.navigation import add_nav
from casework.pagination import paginate

add_nav(lambda: _("Team"), "accounts.team", ("supervisor",), order=80)


@bp.get("/team/")
@roles("supervisor")
def team():
    """Active staff of the organisations the supervisor oversees, a page at a time."""
    query = (
        select(User)
        .where(User.organisation_id.in_(organisation_scope(current_staff())))
        .where(User.role.in_(SUPERVISED_ROLES), User.active.is_(True))
        .order_by(User.username)
    )
    page = paginate(query)
    now = utcnow()
    locked = {m.id for m in page.items if m.locked_until is not None and m.locked_until > now}
    return render_template("accounts/team.html", page=page, form=StaffMemberForm(), locked=locked)


@bp.post("/team/revoke")
@roles("supervisor")
def team_revoke():
    """End every session of one member of the team (a lost phone, a shared password)."""
    form = StaffMemberForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed; try again."), "error")
        return redirect(url_for("accounts.team"))
    member = load_staff_member(form.user_id.data)
    revoke_sessions(member)
    flash(_("Every session of %(name)s has ended.", name=member.display_name), "success")
    return redirect(url_for("accounts.team"))
