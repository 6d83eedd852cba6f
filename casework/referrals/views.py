"""Pages of the referrals domain."""

from flask import Blueprint

from casework.referrals import models  # noqa: F401  (the tables exist for create_all)

bp = Blueprint("referrals", __name__, url_prefix="/referrals", template_folder="templates")
