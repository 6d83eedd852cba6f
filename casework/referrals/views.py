"""Pages of the referrals domain."""

from flask import Blueprint

bp = Blueprint("referrals", __name__, url_prefix="/referrals", template_folder="templates")
