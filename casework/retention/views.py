"""A supervisor purges a closed case, with a reason."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from casework.accounts.access import current_staff, roles
from casework.cases.access import load_case, record_case_view
from casework.cases.panels import add_case_panel
from casework.retention.errors import AlreadyPurged, NotClosed, RetentionNotReached
from casework.retention.forms import PurgeForm
from casework.retention.operations import (
    PURGEABLE_STATUSES,
    is_purged,
    purge_case,
    retention_ends,
)

bp = Blueprint("retention", __name__, url_prefix="", template_folder="templates")


def _panel_context(case) -> dict:
    """Whether the case is purged, or may be, and until when it is kept once closed."""
    closed = case.status in PURGEABLE_STATUSES
    return {"purged": is_purged(case), "purgeable": closed,
            "kept_until": retention_ends(case) if closed else None}


add_case_panel("retention/_panel.html", order=95, context=_panel_context, roles=("supervisor",))


@bp.route("/cases/<reference>/purge", methods=["GET", "POST"])
@roles("supervisor")
def purge(reference: str):
    """Destroy a closed case's identifying data, after the reason and the reference are given."""
    case = load_case(reference, need="edit")
    form = PurgeForm(case.reference)
    if form.validate_on_submit():
        try:
            purge_case(case, form.reason.data, current_staff().id)
        except NotClosed:
            flash(_("Only a closed case can be purged. Close it first."), "error")
        except RetentionNotReached:
            flash(_("The retention period of this case has not passed: it is kept until "
                    "%(day)s (a child's case counts from her 18th birthday).",
                    day=format_date(retention_ends(case), "medium")), "error")
        except AlreadyPurged:
            flash(_("This case was already purged."), "error")
        else:
            flash(_("The case was purged: its identifying data and files are destroyed."),
                  "success")
        return redirect(url_for("cases.show", reference=case.reference))
    if request.method == "GET":
        record_case_view(case)  # opening the form is a look at the case (flagged if break-glass)
    status = 422 if form.errors else 200
    return render_template("retention/purge.html", case=case, form=form,
                           purged=is_purged(case)), status
