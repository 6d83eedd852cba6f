"""Pages of the attachments domain."""

from flask import Blueprint

bp = Blueprint("attachments", __name__, url_prefix="", template_folder="templates")
