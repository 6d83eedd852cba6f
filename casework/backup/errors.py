"""The one error of the backup domain."""


class BackupError(Exception):
    """A backup that cannot be made or restored, with a message for the operator."""
