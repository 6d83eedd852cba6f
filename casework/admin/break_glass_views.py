"""The break-glass openings of the supervisors at the top of an organisation tree, for the
admins: nobody above those supervisors reads their access log (issue 16). Log metadata only
(when, who, which organisation, which case reference); never the reason or survivor data."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from casework.accounts.access import roles
from casework.accounts.models import Organisation, User
from casework.admin.views import bp
from casework.audit.models import AuditEntry
from casework.audit.operations import record
from casework.audit.review import annotate, newest_first
from casework.cases.break_glass import FLAG
from casework.navigation import add_nav
from casework.pagination import paginate

add_nav(lambda: _("Top supervisors' break-glass"), "admin.break_glass", ("admin",), order=23)


def top_supervisor_openings():
    """Break-glass entries by supervisors of an organisation with no parent, newest first."""
    tops = select(Organisation.id).where(Organisation.parent_id.is_(None))
    supervisors = select(User.id).where(User.role == "supervisor")
    return newest_first(select(AuditEntry).where(
        AuditEntry.action == FLAG, AuditEntry.actor_org_id.in_(tops),
        AuditEntry.actor_id.in_(supervisors)))


@bp.get("/break-glass")
@roles("admin")
def break_glass():
    """Each opening: when, by whom, at which organisation, which case reference."""
    page = paginate(top_supervisor_openings())
    record("list", object_type="audit_log", outcome="ok", flags=FLAG)
    return render_template("admin/break_glass.html", page=page,
                           lines=annotate(page.items, with_reasons=False, with_patterns=False))
