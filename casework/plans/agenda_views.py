"""What is due: a paralegal's overdue actions and follow-ups, and a supervisor's overview."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from casework.accounts.access import current_staff, roles
from casework.audit.operations import record
from casework.cases.assignment import assignment_notices, unassigned_cases
from casework.cases.closure import pending_requests
from casework.cases.models import Case, ClosureRequest
from casework.extensions import db
from casework.navigation import add_nav
from casework.pagination import paginate
from casework.plans import queries as due
from casework.plans.models import Action, FollowUp
from casework.plans.views import CASE_ROLES, bp

# Short lists on the overview; each has its own paginated page behind a link.
PREVIEW = 10
LISTS = ("actions", "followups", "unassigned", "closures")


def _preview(query) -> list:
    """The first few rows of a list."""
    return list(db.session.scalars(query.limit(PREVIEW)).unique())


@bp.get("/agenda")
@roles(*CASE_ROLES)
def agenda():
    """Overdue actions and due follow-ups on my cases, and cases given to me or taken away."""
    user = current_staff()
    shown = request.args.get("list", "")
    actions = due.overdue_actions(user).options(selectinload(Action.case))
    followups_due = due.due_followups(user).options(selectinload(FollowUp.case))
    record("list", object_type="agenda", outcome="ok")
    if shown in ("actions", "followups"):
        page = paginate(actions if shown == "actions" else followups_due)
        return render_template("plans/agenda_list.html", page=page, shown=shown)
    notices = assignment_notices(user)
    return render_template("plans/agenda.html", actions=_preview(actions), followups=_preview(followups_due),
                           notices=_preview(notices), more=PREVIEW)


@bp.get("/supervision")
@roles("supervisor")
def supervision():
    """A supervisor's overview: closures to approve, cases with no paralegal, what is overdue."""
    user = current_staff()
    queries = {
        "closures": pending_requests(user).options(selectinload(ClosureRequest.case)),
        "unassigned": unassigned_cases(user).options(selectinload(Case.survivor)),
        "actions": due.overdue_actions(user).options(selectinload(Action.case)),
        "followups": due.due_followups(user).options(selectinload(FollowUp.case)),
    }
    record("list", object_type="supervision", outcome="ok")
    shown = request.args.get("list", "")
    if shown in LISTS:
        return render_template("plans/supervision_list.html", page=paginate(queries[shown]),
                               shown=shown)
    return render_template("plans/supervision.html", more=PREVIEW,
                           **{name: _preview(query) for name, query in queries.items()})


add_nav(lambda: _("Supervision"), "plans.supervision", ("supervisor",), order=12)
