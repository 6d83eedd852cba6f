"""Typed errors of the attachments domain; views turn them into messages."""


class AttachmentRefused(Exception):
    """An upload that cannot be kept."""


class NotAllowedType(AttachmentRefused):
    """Not a PDF, JPEG or PNG."""


class NotWhatItClaims(AttachmentRefused):
    """The name or browser says one type, the content is not that type."""

    def __init__(self, claimed: str) -> None:
        super().__init__(claimed)
        self.claimed = claimed


class TooLarge(AttachmentRefused):
    """Larger than ATTACHMENT_MAX_BYTES."""


class EmptyFile(AttachmentRefused):
    """No bytes at all."""
