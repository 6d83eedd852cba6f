"""The search page, and marking a case as a duplicate of another."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.audit.operations import record
from casework.cases import categories
from casework.cases.access import find_case, load_case, may_access_case
from casework.cases.errors import CaseClosed, StaleEdit
from casework.cases.panels import add_case_panel
from casework.database import reads_only
from casework.extensions import db
from casework.navigation import add_nav
from casework.search.duplicates import mark_duplicate
from casework.search.errors import NotADuplicate, QueryTooLong, QueryTooShort
from casework.search.forms import DuplicateForm, SearchForm
from casework.search.operations import MAX_QUERY_CHARS, parse_query, search_cases

bp = Blueprint("search", __name__, url_prefix="", template_folder="templates")
SEARCH_ROLES = CASE_ROLES
# Deep pages would mean decrypting many candidates: past this, ask for a narrower search.
MAX_SEARCH_PAGE = 40
add_nav(lambda: _("Search"), "search.search", SEARCH_ROLES, order=15)


def _duplicate_panel_context(case) -> dict:
    """The original of a duplicate (when the user may see it), or the form to mark one."""
    original = None
    if case.duplicate_of_id:
        original = db.session.get(type(case), case.duplicate_of_id)
        if original is not None and not may_access_case(current_staff(), original, "view"):
            original = None
    return {"original": original, "form": DuplicateForm(data={"version": case.version})}


add_case_panel("search/_duplicate_panel.html", order=80, context=_duplicate_panel_context)
MESSAGES = {
    QueryTooShort: _l("Type at least two letters or digits: a NIK, a phone number, a name or a "
                      "case reference."),
    QueryTooLong: _l("That is too long to be a name, NIK, phone number or reference "
                     "(at most %(n)d characters).", n=MAX_QUERY_CHARS),
}


def _requested_page(form: SearchForm) -> int:
    """The results page asked for, within bounds."""
    raw = form.page.data or "1"
    number = int(raw) if raw.isdigit() and len(raw) < 4 else 1
    return min(max(number, 1), MAX_SEARCH_PAGE)


@bp.route("/search", methods=["GET", "POST"])
@roles(*SEARCH_ROLES)
@reads_only
def search():
    """Search by NIK, phone, name words or reference; the query goes in the body, never the URL."""
    form = SearchForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("search/search.html", form=form, results=None)
    try:
        query = parse_query(form.q.data)
    except (QueryTooShort, QueryTooLong) as exc:
        record("search", object_type="case", outcome="refused")
        flash(str(MESSAGES[type(exc)]), "error")
        return render_template("search/search.html", form=form, results=None), 422
    page = _requested_page(form)
    results = search_cases(current_staff(), query, page, 25)
    record("search", object_type="case", outcome="ok")
    return render_template("search/search.html", form=form, results=results, kind=query.kind,
                           deepest=page >= MAX_SEARCH_PAGE)


@bp.context_processor
def _categories() -> dict:
    """Category lists for the result cards."""
    return {"cat": categories}


@bp.post("/cases/<reference>/duplicate")
@roles(*CASE_ROLES)
def duplicate(reference: str):
    """Mark this case as a duplicate of another case the user may see."""
    case = load_case(reference, need="edit")
    form = DuplicateForm()
    if not form.validate_on_submit():
        flash(_("Give the reference of the case it duplicates."), "error")
        return redirect(url_for("cases.show", reference=reference, _anchor="duplicate"))
    original = find_case(form.original.data.strip())
    try:
        if original is None:
            raise NotADuplicate()
        mark_duplicate(case, original, current_staff(), form.version.data)
    except NotADuplicate:
        flash(_("No other case with that reference that you may see."), "error")
    except StaleEdit:
        db.session.rollback()
        flash(_("Someone else saved this case after you opened it; check it first."), "error")
    except CaseClosed:
        flash(_("This case is already closed or marked as a duplicate."), "error")
    else:
        flash(_("Case marked as a duplicate."), "success")
    return redirect(url_for("cases.show", reference=reference))
