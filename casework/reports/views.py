"""Pages of the reports domain: the home page for each role."""

from flask import Blueprint, redirect, url_for

from casework.accounts.access import any_role, current_staff

bp = Blueprint("reports", __name__, template_folder="templates")

HOME_BY_ROLE = {
    "paralegal": "cases.index",
    "supervisor": "cases.index",
    "service_staff": "accounts.account",
    "admin": "accounts.account",
}


@bp.get("/")
@any_role
def home():
    """Send each person to the page their work starts from."""
    return redirect(url_for(HOME_BY_ROLE.get(current_staff().role, "accounts.account")))
