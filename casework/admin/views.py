"""The admin screens: organisations with their tree, and staff accounts. No survivor data."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework.accounts.access import current_staff, roles
from casework.accounts.errors import DuplicateName, RoleDoesNotFit, TreeCycle
from casework.accounts.mfa import remove_second_factor
from casework.accounts.models import Organisation, User
from casework.accounts.operations import (
    create_organisation,
    create_user_with_temporary_password,
    find_organisation,
    reset_password,
    revoke_sessions,
    set_active,
    update_organisation,
)
from casework.accounts.roles import misfit_message
from casework.accounts.throttle import locked_until
from casework.admin.access import load_account, load_organisation
from casework.admin.forms import ActionForm, OrganisationEditForm, OrganisationForm, UserForm
from casework.audit.operations import record
from casework.audit.review import (
    annotate,
    attention_since,
    failed_logins_since,
    failing_addresses,
    newest_first,
    setting,
)
from casework.database import utcnow
from casework.extensions import db
from casework.navigation import add_nav
from casework.notifications.forms import ContactForm, contact_form_for
from casework.notifications.operations import set_contact
from casework.pagination import paginate

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
add_nav(lambda: _("Accounts"), "admin.users", ("admin",), order=20)
add_nav(lambda: _("Organisations"), "admin.organisations", ("admin",), order=21)
add_nav(lambda: _("Failed logins"), "admin.failed_logins", ("admin",), order=22)


@bp.get("/")
@roles("admin")
def index():
    """The admin start page: accounts."""
    return redirect(url_for("admin.users"))


def _prefix_filter(query, column, value: str):
    """Narrow a list to names starting with what was typed."""
    value = value.strip().lower()[:64]
    if value:
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(column.like(f"{escaped}%", escape="\\"))
    return query


@bp.get("/organisations")
@roles("admin")
def organisations():
    """Every organisation by code, a page at a time, with its parent."""
    q = request.args.get("q", "")
    query = _prefix_filter(select(Organisation), Organisation.code, q)
    page = paginate(query.order_by(Organisation.code))
    return render_template("admin/organisations.html", page=page, q=q)


def _parent_from(form) -> tuple[Organisation | None, bool]:
    """The parent named in the form, and whether the name was valid."""
    code = (form.parent_code.data or "").strip()
    if not code:
        return None, True
    parent = find_organisation(code)
    if parent is None:
        form.parent_code.errors.append(_("No organisation has this code."))
    return parent, parent is not None


@bp.route("/organisations/new", methods=["GET", "POST"])
@roles("admin")
def organisation_new():
    """Create an organisation, optionally under a parent."""
    form = OrganisationForm()
    if form.validate_on_submit():
        parent, ok = _parent_from(form)
        if ok:
            try:
                org = create_organisation(form.code.data, form.name.data, form.kind.data, parent,
                                          form.region_code.data or None)
            except DuplicateName:
                form.code.errors.append(_("This code is taken."))
            else:
                flash(_("Organisation created."), "success")
                return redirect(url_for("admin.organisation", org_id=org.id))
    return render_template("admin/organisation_new.html", form=form), (422 if form.errors else 200)


@bp.route("/organisations/<uuid:org_id>", methods=["GET", "POST"])
@roles("admin")
def organisation(org_id: uuid.UUID):
    """One organisation: its place in the tree, its children, and an edit form."""
    org = load_organisation(org_id)
    form = OrganisationEditForm(obj=None if request.method == "POST" else _org_data(org))
    if form.validate_on_submit():
        parent, ok = _parent_from(form)
        if ok:
            try:
                update_organisation(org, form.name.data, parent, form.region_code.data or None)
            except TreeCycle:
                form.parent_code.errors.append(
                    _("An organisation cannot be placed under itself or one of its children."))
            else:
                flash(_("Changes saved."), "success")
                return redirect(url_for("admin.organisation", org_id=org.id))
    children = paginate(select(Organisation).where(Organisation.parent_id == org.id)
                        .order_by(Organisation.code))
    return render_template("admin/organisation.html", org=org, form=form, children=children), (
        422 if form.errors else 200)


def _org_data(org: Organisation):
    """The edit form's starting values."""
    from types import SimpleNamespace

    return SimpleNamespace(name=org.name, parent_code=org.parent.code if org.parent else "",
                           region_code=org.region_code or "")


@bp.get("/users")
@roles("admin")
def users():
    """Every account by user name, a page at a time; filter by name start or organisation."""
    q, org_code = request.args.get("q", ""), request.args.get("org", "").strip()
    query = _prefix_filter(select(User), User.username, q)
    org = find_organisation(org_code) if org_code else None
    if org_code:
        query = query.where(User.organisation_id == (org.id if org else None))
    page = paginate(query.order_by(User.username))
    return render_template("admin/users.html", page=page, q=q, org=org_code)


@bp.route("/users/new", methods=["GET", "POST"])
@roles("admin")
def user_new():
    """Create an account; its first password is made here and shown once."""
    form = UserForm()
    if form.validate_on_submit():
        org = find_organisation(form.organisation_code.data.strip())
        if org is None:
            form.organisation_code.errors.append(_("No organisation has this code."))
        else:
            try:
                user, password = create_user_with_temporary_password(
                    form.username.data, form.role.data, org, form.display_name.data)
            except DuplicateName:
                form.username.errors.append(_("This user name is taken."))
            except RoleDoesNotFit as exc:
                form.role.errors.append(misfit_message(exc.role, exc.kind))
            else:
                set_contact(user, form.email.data, form.mobile.data)
                return render_template("admin/password_once.html", user=user, password=password)
    return render_template("admin/user_new.html", form=form), (422 if form.errors else 200)


@bp.get("/users/<uuid:user_id>")
@roles("admin")
def user(user_id: uuid.UUID):
    """One account: role, organisation, state, and the actions on it."""
    account = load_account(user_id)
    return render_template("admin/user.html", account=account, form=ActionForm(),
                           locked=locked_until(account.username),
                           contact_form=contact_form_for(account))


@bp.post("/users/<uuid:user_id>/contact")
@roles("admin")
def user_contact(user_id: uuid.UUID):
    """Set the account's email address and mobile number (where notifications go)."""
    account = load_account(user_id)
    form = ContactForm()
    if not form.validate_on_submit():
        return render_template("admin/user.html", account=account, form=ActionForm(),
                               locked=locked_until(account.username), contact_form=form), 422
    set_contact(account, form.email.data, form.mobile.data)
    record("update", object_type="user", object_id=account.id)
    flash(_("Changes saved."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


def _account_action(user_id: uuid.UUID):
    """The account a POSTed action is for, once the CSRF token is checked."""
    account = load_account(user_id)
    if not ActionForm().validate_on_submit():
        flash(_("Nothing was changed; try again."), "error")
        return account, False
    return account, True


@bp.post("/users/<uuid:user_id>/deactivate")
@roles("admin")
def user_deactivate(user_id: uuid.UUID):
    """Deactivate an account: every session ends at once."""
    account, ok = _account_action(user_id)
    if ok and account.id == current_staff().id:
        flash(_("You cannot deactivate your own account."), "error")
    elif ok:
        set_active(account, False)
        flash(_("The account is deactivated and every session has ended."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.post("/users/<uuid:user_id>/activate")
@roles("admin")
def user_activate(user_id: uuid.UUID):
    """Let a deactivated account log in again."""
    account, ok = _account_action(user_id)
    if ok:
        set_active(account, True)
        flash(_("The account is active again."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.post("/users/<uuid:user_id>/reset-password")
@roles("admin")
def user_reset_password(user_id: uuid.UUID):
    """A new temporary password, shown once; sessions end and the lock is lifted."""
    account, ok = _account_action(user_id)
    if not ok:
        return redirect(url_for("admin.user", user_id=account.id))
    password = reset_password(account)
    return render_template("admin/password_once.html", user=account, password=password)


@bp.post("/users/<uuid:user_id>/reset-mfa")
@roles("admin")
def user_reset_mfa(user_id: uuid.UUID):
    """Forget the account's authenticator (a lost phone); it enrols again at next login."""
    account, ok = _account_action(user_id)
    if ok:
        remove_second_factor(account, "mfa_reset")
        flash(_("Two-step login was reset; every session has ended."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.post("/users/<uuid:user_id>/revoke")
@roles("admin")
def user_revoke(user_id: uuid.UUID):
    """End every session of the account on every device."""
    account, ok = _account_action(user_id)
    if ok:
        revoke_sessions(account)
        flash(_("Every session of this account has ended."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.get("/failed-logins")
@roles("admin")
def failed_logins():
    """Failed logins of the last days, for every account and for names no account has (no
    supervisor's log shows those), the addresses they came from, and the locked accounts."""
    since = attention_since()
    page = paginate(newest_first(failed_logins_since(since)))
    locked = db.session.scalars(
        select(User).where(User.locked_until > utcnow()).order_by(User.username)
        .options(selectinload(User.organisation))).all()
    record("list", object_type="audit_log", outcome="ok")
    return render_template(
        "admin/failed_logins.html", page=page, days=setting("AUDIT_ATTENTION_DAYS"), locked=locked,
        lines=annotate(page.items, with_reasons=False), addresses=failing_addresses(since))


# The admins' page of the top supervisors' break-glass openings adds its route to this blueprint.
from casework.admin import break_glass_views  # noqa: E402,F401
