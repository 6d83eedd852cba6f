"""Login, logout, the home redirect and the user's own account page."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from casework.accounts.access import any_role, current_staff, public, session_user, signed_in
from casework.accounts.errors import PasswordRejected
from casework.accounts.forms import LanguageForm, LoginForm, PasswordChangeForm
from casework.accounts.models import ROLES, User
from casework.accounts.operations import authenticate, change_password, needs_second_factor
from casework.accounts.passwords import verify_password
from casework.accounts.sessions import (
    clear_session_cookie,
    end_all_sessions,
    end_session,
    renew_csrf_token,
    set_session_cookie,
    start_session,
)
from casework.audit.operations import actor_of, record
from casework.clean_input import local_target
from casework.extensions import db
from casework.navigation import add_nav
from casework.notifications.forms import contact_form_for
from casework.web import second_factor_url

bp = Blueprint("accounts", __name__, template_folder="templates")

add_nav(lambda: _("My account"), "accounts.account", tuple(ROLES), order=90)


def _safe_next(target: str | None) -> str | None:
    """A local path to return to after login, never another site nor a broken header."""
    return local_target(target)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Log in with user name and password; a new session token every time."""
    if current_user.is_authenticated:
        return redirect(url_for("reports.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data.strip(), form.password.data)
        if user is not None:
            return _start_login(user)
        flash(_("Wrong user name or password, or the account is locked for a while."), "error")
    return render_template("accounts/login.html", form=form, language_form=LanguageForm())


def _start_login(user: User):
    """A new session: complete at once, or waiting for the second factor."""
    if g.get("user_session") is not None:
        end_session(g.user_session, "replaced")
    second_step = needs_second_factor(user)
    token = start_session(user, mfa_verified=not second_step)
    renew_csrf_token()
    target = _safe_next(request.args.get("next")) or url_for("reports.home")
    if second_step:
        session["after_login"] = target
        target = second_factor_url(user)
    response = make_response(redirect(target))
    set_session_cookie(response, token)
    return response


@bp.post("/logout")
@signed_in
def logout():
    """End every session of the user on the server (all devices) and forget the cookie."""
    user = session_user()
    record("logout", object_type="user", object_id=user.id,
           actor=actor_of(user))
    end_all_sessions(user, "logout")
    renew_csrf_token()
    response = make_response(redirect(url_for("accounts.login")))
    clear_session_cookie(response)
    flash(_("You have logged out."), "success")
    return response


@bp.get("/account")
@any_role
def account():
    """The user's own account: language and password."""
    user = current_staff()
    return render_template(
        "accounts/account.html",
        user=user,
        password_form=PasswordChangeForm(),
        language_form=LanguageForm(data={"locale": user.locale}),
        contact_form=contact_form_for(user),
    )


@bp.post("/account/password")
@any_role
def password():
    """Change one's own password; every session ends, so log in again."""
    user = current_staff()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current.data):
            form.current.errors.append(_("This is not your current password."))
        else:
            try:
                change_password(user, form.new.data)
            except PasswordRejected as exc:
                form.new.errors.append(str(exc))
            else:
                flash(_("Password changed. Please log in again."), "success")
                response = make_response(redirect(url_for("accounts.login")))
                clear_session_cookie(response)
                return response
    return render_template(
        "accounts/account.html", user=user, password_form=form,
        language_form=LanguageForm(data={"locale": user.locale}),
        contact_form=contact_form_for(user),
    ), 422


@bp.post("/language")
@public
def language():
    """Choose the language: kept on the account, or in a cookie before login."""
    form = LanguageForm()
    choice = form.locale.data if form.validate_on_submit() else "id"
    if current_user.is_authenticated:
        current_staff().locale = choice
        db.session.flush()
    target = _safe_next(request.form.get("next")) or url_for("reports.home")
    response = make_response(redirect(target))
    response.set_cookie("cw_lang", choice, max_age=365 * 24 * 3600, samesite="Strict", httponly=True,
                        secure=request.is_secure)
    return response


# The second-factor and team pages add their routes to this blueprint.
from casework.accounts import forgery, lockout_views, mfa_views, team_views  # noqa: E402,F401
