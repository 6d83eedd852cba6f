"""The service directory pages: who receives referrals and what they offer; admins edit it."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from casework.accounts.access import current_staff, roles
from casework.accounts.models import Organisation
from casework.audit.operations import record
from casework.cases import categories as cat
from casework.extensions import db
from casework.navigation import add_nav
from casework.pagination import paginate
from casework.referrals.directory import (
    directory_query,
    offered_map,
    offered_services,
    set_offered_services,
)
from casework.referrals.forms import DirectoryForm
from casework.referrals.views import bp

DIRECTORY_ROLES = ("paralegal", "supervisor", "service_staff", "admin")
add_nav(lambda: _("Service directory"), "referrals.directory", DIRECTORY_ROLES, order=70)


@bp.get("/referrals/directory")
@roles(*DIRECTORY_ROLES)
def directory():
    """Service units with their region and services, her regency first."""
    everywhere = request.args.get("units") == "all"
    page = paginate(directory_query(current_staff().organisation, everywhere))
    return render_template("referrals/directory.html", page=page, everywhere=everywhere,
                           offered=offered_map(page.items), cat=cat)


def _service_unit(org_id: uuid.UUID) -> Organisation:
    """A service unit by id, or 404 (the directory holds no survivor data)."""
    unit = db.session.get(Organisation, org_id)
    if unit is None or not unit.is_service_unit:
        record("denied", object_type="organisation", object_id=org_id, outcome="denied")
        abort(404)
    return unit


@bp.route("/referrals/directory/<uuid:org_id>", methods=["GET", "POST"])
@roles("admin")
def directory_edit(org_id: uuid.UUID):
    """An admin sets the services a unit offers."""
    unit = _service_unit(org_id)
    form = DirectoryForm(data={"services": offered_services(unit)}
                         if request.method == "GET" else None)
    if form.validate_on_submit():
        set_offered_services(unit, form.services.data or [])
        record("update", object_type="organisation", object_id=unit.id)
        flash(_("The services of %(unit)s are saved.", unit=unit.name), "success")
        return redirect(url_for("referrals.directory"))
    return render_template("referrals/directory_edit.html", unit=unit, form=form)
