"""Pages of the timeline domain."""

from flask import Blueprint

bp = Blueprint("timeline", __name__, url_prefix="", template_folder="templates")
