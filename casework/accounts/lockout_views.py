"""Lifting a login lock: by the user's own recovery code (before login), or by a supervisor of
her organisation (the team page). Issue 16: a lock must not keep the real user out."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from casework.accounts import mfa, throttle
from casework.accounts.access import load_staff_member, public, roles
from casework.accounts.forms import RecoveryUnlockForm, StaffMemberForm
from casework.accounts.operations import find_user, note_failed_attempt, release_lock
from casework.accounts.views import bp


@bp.route("/login/unlock", methods=["GET", "POST"])
@public
def unlock_with_recovery_code():
    """A locked-out user spends one recovery code to lift her lock from every address."""
    form = RecoveryUnlockForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        if throttle.locked_until(username) is None:  # alike for every name, known or not
            flash(_("This user name is not locked; log in as usual."), "success")
            return redirect(url_for("accounts.login"))
        user = find_user(username)
        if user is not None and user.active and mfa.use_recovery_code(user, form.code.data):
            release_lock(user, "recovery_code")
            flash(_("The lock is lifted and the recovery code is used up. Log in now; if you "
                    "did not cause the lock, tell your supervisor."), "success")
            return redirect(url_for("accounts.login"))
        note_failed_attempt(username, user, "unlock")
        form.code.errors.append(_("The user name or recovery code is wrong, or the code was "
                                  "already used."))
    return render_template("accounts/unlock.html", form=form), (422 if form.errors else 200)


@bp.post("/team/unlock")
@roles("supervisor")
def team_unlock():
    """A supervisor lifts the login lock of a member of the staff she oversees."""
    form = StaffMemberForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed; try again."), "error")
        return redirect(url_for("accounts.team"))
    member = load_staff_member(form.user_id.data)
    release_lock(member, "supervisor")
    flash(_("%(name)s can log in again.", name=member.display_name), "success")
    return redirect(url_for("accounts.team"))
