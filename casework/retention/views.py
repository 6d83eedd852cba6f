"""Pages of the retention domain."""

from flask import Blueprint

bp = Blueprint("retention", __name__, url_prefix="", template_folder="templates")
