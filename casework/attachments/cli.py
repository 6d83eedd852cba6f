"""Commands of the attachments domain."""

from flask import Flask


def register_commands(app: Flask) -> None:
    """Add this domain's commands to the app's CLI."""
