"""Pages of the backup domain."""

from flask import Blueprint

bp = Blueprint("backup", __name__, url_prefix="", template_folder="templates")
