"""Which files may be attached, judged by their content, never by their name alone."""

from __future__ import annotations

from casework.attachments.errors import NotAllowedType, NotWhatItClaims

# type -> (magic bytes at the start, file-name endings that claim it, browser types that claim it)
KINDS = {
    "application/pdf": (b"%PDF-", (".pdf",), ("application/pdf",)),
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg"), ("image/jpeg", "image/jpg")),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",), ("image/png",)),
}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def sniff(data: bytes) -> str | None:
    """The type the content's first bytes show, if it is one we accept."""
    for kind, (magic, _names, _types) in KINDS.items():
        if data.startswith(magic):
            return kind
    return None


def claimed(filename: str, browser_type: str | None) -> str | None:
    """The type the file's name (or else the browser) claims, if it is one of ours."""
    lower = (filename or "").lower()
    for kind, (_magic, endings, _types) in KINDS.items():
        if lower.endswith(endings):
            return kind
    for kind, (_magic, _endings, types) in KINDS.items():
        if (browser_type or "").lower() in types:
            return kind
    return None


def complete(kind: str, data: bytes) -> bool:
    """Whether the file ends the way its type must (catches truncated or disguised files)."""
    tail = data[-2048:].rstrip(b"\0\r\n \t")
    if kind == "application/pdf":
        return b"%%EOF" in tail[-1024:]
    if kind == "image/png":
        return tail.endswith(b"IEND\xaeB`\x82")
    return tail.endswith(b"\xff\xd9")


def check_file(filename: str, browser_type: str | None, data: bytes) -> str:
    """The file's real type; refused when it is not PDF/JPEG/PNG or not what it claims."""
    kind, claim = sniff(data), claimed(filename, browser_type)
    if claim and kind != claim:
        raise NotWhatItClaims(claim)
    if kind is None:
        raise NotAllowedType()
    if not complete(kind, data):
        raise NotWhatItClaims(kind)
    return kind
