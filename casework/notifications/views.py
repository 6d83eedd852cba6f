"""The in-app list of notifications, the choices about them, one's own contact details, and
the admins' list of failed deliveries."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from casework.accounts.access import current_staff, roles
from casework.audit.operations import record
from casework.navigation import add_nav
from casework.notifications.access import VIEWER_ROLES, failed_deliveries, own_notifications
from casework.notifications.forms import ActionForm, ContactForm, choices_form
from casework.notifications.kinds import KINDS, kinds_for
from casework.notifications.messages import lines_of
from casework.notifications.operations import (
    choices_of,
    mark_all_read,
    set_choices,
    set_contact,
    unread_count,
)
from casework.pagination import paginate

bp = Blueprint("notifications", __name__, template_folder="templates")

add_nav(lambda: _("Notifications"), "notifications.index", VIEWER_ROLES, order=85,
        counter=lambda: unread_count(current_staff()))
add_nav(lambda: _("Failed notifications"), "notifications.failed", ("admin",), order=23)


@bp.get("/notifications/")
@roles(*VIEWER_ROLES)
def index():
    """What waits for me: my notifications, newest first, the unread ones marked."""
    user = current_staff()
    page = paginate(own_notifications(user))
    record("list", object_type="notification", outcome="ok")
    return render_template("notifications/index.html", page=page, lines_of=lines_of,
                           form=ActionForm(), unread=unread_count(user))


@bp.post("/notifications/read")
@roles(*VIEWER_ROLES)
def read():
    """Mark all my notifications read."""
    if ActionForm().validate_on_submit():
        mark_all_read(current_staff())
        record("update", object_type="notification", outcome="ok")
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
@roles(*VIEWER_ROLES)
def settings():
    """My choice for each kind of event: immediately, in the daily summary, or not at all."""
    user = current_staff()
    current = choices_of(user)
    form = choices_form(user, current)
    if form.validate_on_submit():
        set_choices(user, {kind: getattr(form, kind).data for kind in kinds_for(user.role)})
        record("update", object_type="notification_settings", object_id=user.id)
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("notifications.settings"))
    record("view", object_type="notification_settings", object_id=user.id)
    return render_template("notifications/settings.html", form=form, kinds=kinds_for(user.role),
                           user=user, KINDS=KINDS), (422 if form.errors else 200)


@bp.post("/account/contact")
@roles(*VIEWER_ROLES)
def contact():
    """Change my own email address and mobile number."""
    user = current_staff()
    form = ContactForm()
    if form.validate_on_submit():
        set_contact(user, form.email.data, form.mobile.data)
        record("update", object_type="user", object_id=user.id)
        flash(_("Your contact details are saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_template("notifications/contact.html", form=form), 422


@bp.get("/notifications/failed")
@roles("admin")
def failed():
    """Deliveries given up on: for whom, what kind, by which channel, and why."""
    page = paginate(failed_deliveries())
    record("list", object_type="notification", outcome="ok")
    return render_template("notifications/failed.html", page=page, KINDS=KINDS)
