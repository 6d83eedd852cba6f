"""Pages of the plans domain."""

from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="", template_folder="templates")
