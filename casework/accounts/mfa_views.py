"""Second-factor pages: the code after the password, enrolment, recovery codes, opting out."""

from __future__ import annotations

from flask import flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from casework.accounts import mfa
from casework.accounts.access import any_role, awaiting_second_factor, current_staff, session_user
from casework.accounts.errors import SecondFactorRejected
from casework.accounts.forms import ConfirmPasswordForm, EnrolForm, SecondFactorForm
from casework.accounts.models import User
from casework.accounts.operations import note_failed_attempt, record_login
from casework.accounts.passwords import verify_password
from casework.accounts.sessions import renew_csrf_token, renew_session, set_session_cookie
from casework.accounts.throttle import note_success, refusal, throttle_for
from casework.accounts.views import bp
from casework.audit.operations import actor_of, record
from casework.web import second_factor_url


def _complete_login(user: User, how: str):
    """A new, fully logged-in session replaces the half-way one; go where she was heading."""
    token = renew_session(g.user_session)
    renew_csrf_token()
    record_login(user, how)
    response = make_response(redirect(session.pop("after_login", None) or url_for("reports.home")))
    set_session_cookie(response, token)
    return response


def _record_failure(action: str, user: User, outcome: str = "failed") -> None:
    """Log a refused change of the user's own second factor (a wrong code or password)."""
    record(action, object_type="user", object_id=user.id, outcome=outcome,
           actor=actor_of(user))


def _check_code(user: User, code: str) -> str | None:
    """'totp' or 'recovery' when the code is right and fresh, else None."""
    if mfa.verify_code(user, code):
        return "totp"
    if len(code) > 8 and mfa.use_recovery_code(user, code):
        return "recovery"
    return None


@bp.route("/login/code", methods=["GET", "POST"])
@awaiting_second_factor
def second_factor():
    """After the password: a code from the authenticator, or a recovery code."""
    user = session_user()
    if not user.mfa_enabled:
        return redirect(second_factor_url(user))
    form = SecondFactorForm()
    if form.validate_on_submit():
        row = throttle_for(user.username)
        how = None if refusal(row) else _check_code(user, form.code.data.strip())
        if how is not None:
            note_success(row)
            if how == "recovery":
                flash(_("You used a recovery code. Each works only once: make new ones on "
                        "your account page if few are left."), "success")
            return _complete_login(user, how)
        note_failed_attempt(user.username, user, "second_factor")
        form.code.errors.append(_("This code is wrong, already used, or too many attempts "
                                  "were made. Wait a moment and try a new code."))
    return render_template("accounts/second_factor.html", form=form)


@bp.route("/account/two-step", methods=["GET", "POST"])
@any_role
def mfa_settings():
    """A fully logged-in user's second factor: enrol, new recovery codes, or opt out."""
    user = current_staff()
    if not user.mfa_enabled:
        return _enrolment_page(user)
    return render_template(
        "accounts/mfa_status.html", user=user, codes_left=mfa.unused_recovery_codes(user),
        code_form=EnrolForm(), password_form=ConfirmPasswordForm(),
    )


@bp.route("/login/enrol", methods=["GET", "POST"])
@awaiting_second_factor
def mfa_enrol():
    """Supervisors and admins without an authenticator add one before they go on."""
    user = session_user()
    if user.mfa_enabled:
        return redirect(url_for("accounts.second_factor"))
    return _enrolment_page(user)


def _enrolment_page(user: User):
    """Set up a pending secret (POST), show its QR code, and turn it on with a right code."""
    form, start = EnrolForm(), FlaskForm()
    if request.method == "POST" and "start" in request.form and start.validate_on_submit():
        mfa.start_enrolment(user)
    elif form.validate_on_submit():
        try:
            codes = mfa.confirm_enrolment(user, form.code.data)
        except SecondFactorRejected:
            _record_failure("mfa_enrol", user)
            form.code.errors.append(_("This code does not match. Check the time on your "
                                      "phone and type the code the app shows now."))
        else:
            page = render_template("accounts/recovery_codes.html", codes=codes, enrolled=True)
            if g.user_session.mfa_verified:  # a logged-in user adding a second factor
                return page
            # Enrolling was this login's second step: a new session, as after a code.
            token = renew_session(g.user_session)
            renew_csrf_token()
            record_login(user, "enrol")
            response = make_response(page)
            set_session_cookie(response, token)
            return response
    return _render_enrolment(user, form, start)


def _render_enrolment(user: User, form: EnrolForm, start: FlaskForm):
    """The enrolment page: a start button, or the QR code of the pending secret and a code."""
    secret = user.totp_pending_secret
    qr = mfa.qr_data_uri(mfa.provisioning_uri(user, secret)) if secret else None
    endpoint = "accounts.mfa_settings" if g.user_session.mfa_verified else "accounts.mfa_enrol"
    return render_template(
        "accounts/mfa_enrol.html", form=form, start_form=start, secret=secret, qr=qr,
        action=url_for(endpoint), required=user.mfa_required,
    ), (422 if form.errors else 200)


@bp.post("/account/two-step/recovery-codes")
@any_role
def recovery_codes():
    """New recovery codes (the old ones stop working), after a fresh authenticator code."""
    user = current_staff()
    form = EnrolForm()
    if user.mfa_enabled and form.validate_on_submit() and mfa.verify_code(user, form.code.data):
        return render_template("accounts/recovery_codes.html", codes=mfa.new_recovery_codes(user),
                               enrolled=False)
    _record_failure("recovery_codes", user)
    flash(_("This code is wrong or already used; no new recovery codes were made."), "error")
    return redirect(url_for("accounts.mfa_settings"))


@bp.post("/account/two-step/remove")
@any_role
def mfa_remove():
    """Turn the second factor off, for roles that may go without; every session ends."""
    user = current_staff()
    form = ConfirmPasswordForm()
    if user.mfa_required or not user.mfa_enabled:
        _record_failure("mfa_removed", user, "denied")
        flash(_("Your role must use a two-step login; it cannot be turned off."), "error")
        return redirect(url_for("accounts.mfa_settings"))
    if not (form.validate_on_submit() and verify_password(user.password_hash, form.password.data)):
        _record_failure("mfa_removed", user)
        flash(_("This is not your current password."), "error")
        return redirect(url_for("accounts.mfa_settings"))
    mfa.remove_second_factor(user, "mfa_removed")
    flash(_("Two-step login is off. Please log in again."), "success")
    return redirect(url_for("accounts.login"))
