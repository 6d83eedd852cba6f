"""Keeping, reading and destroying attachments; each flushes, the request commits."""

from __future__ import annotations

import logging
import uuid
from typing import IO

from flask import current_app
from sqlalchemy import Select, event, func, select, update
from sqlalchemy.orm import Session, SessionTransaction

from casework.accounts.models import User
from casework.attachments.errors import EmptyFile, TooLarge
from casework.attachments.filetypes import check_file
from casework.attachments.models import Attachment
from casework.attachments.storage import get_store, new_storage_name
from casework.audit.operations import record
from casework.cases.errors import CaseClosed
from casework.cases.models import Case
from casework.crypto.errors import DecryptionError
from casework.crypto.fields import decrypt_value, encrypt_value
from casework.crypto.keyring import Keyring, current_keyring
from casework.crypto.rotation import ExtraStep, Unreadable, note_unreadable, register_extra_step
from casework.extensions import db
from casework.failures import error_code

# Bound into every file's associated data, like a table and column for a value.
TABLE, COLUMN = "attachment", "content"
MAX_NAME = 200
REENCRYPT_FILES_PER_BATCH = 20
# Where a session keeps the files written in its open transaction, until it commits.
UNCOMMITTED_FILES = "casework_uncommitted_files"
log = logging.getLogger("casework")


def read_upload(stream: IO[bytes]) -> bytes:
    """Read at most one byte more than the limit, so a huge file is never held in memory."""
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge()
    if not data:
        raise EmptyFile()
    return data


def _clean_name(filename: str) -> str:
    """The file's own name without any folder part, shortened to fit."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name or "file")[-MAX_NAME:]


def seal_file(ring: Keyring, attachment: Attachment, data: bytes) -> bytes:
    """Encrypt a file's bytes, bound to this attachment's id."""
    return encrypt_value(ring, TABLE, COLUMN, attachment.id, data)


def save_attachment(case: Case, filename: str, browser_type: str | None, data: bytes,
                    author: User) -> Attachment:
    """Check the file by its content, encrypt it into the store, and record it."""
    if case.is_closed:
        raise CaseClosed()
    kind = check_file(filename, browser_type, data)
    ring = current_keyring()
    attachment = Attachment(case_id=case.id, content_type=kind, size_bytes=len(data),
                            storage_name=new_storage_name(), key_id=ring.primary,
                            uploaded_by_id=author.id)
    attachment.filename = _clean_name(filename)
    get_store().put(attachment.storage_name, seal_file(ring, attachment, data))
    db.session.info.setdefault(UNCOMMITTED_FILES, []).append(attachment.storage_name)
    db.session.add(attachment)
    db.session.flush()
    record("create", object_type="attachment", object_id=attachment.id, case_ref=case.reference)
    return attachment


@event.listens_for(Session, "after_commit")
def _keep_committed_files(session: Session) -> None:
    """The records of the new files are saved: the files stay."""
    session.info.pop(UNCOMMITTED_FILES, None)


@event.listens_for(Session, "after_soft_rollback")
def _destroy_uncommitted_files(session: Session, previous_transaction: SessionTransaction) -> None:
    """A transaction that did not commit (a full disk, an error) takes its new files with it:
    no file is left behind that no record names."""
    if previous_transaction.nested:
        return
    for name in session.info.pop(UNCOMMITTED_FILES, None) or ():
        try:
            get_store().destroy(name)
        except OSError as exc:
            log.error("could not remove an uncommitted attachment file (%s)", error_code(exc))


def read_attachment(attachment: Attachment) -> bytes:
    """The decrypted bytes of an attachment (DecryptionError if the file was tampered with)."""
    blob = get_store().get(attachment.storage_name)
    return decrypt_value(current_keyring(), TABLE, COLUMN, attachment.id, blob)


def destroy_attachment(attachment: Attachment) -> None:
    """Destroy the file and its record (its name is encrypted in the row)."""
    get_store().destroy(attachment.storage_name)
    db.session.delete(attachment)
    db.session.flush()


def delete_attachment(attachment: Attachment, case: Case) -> None:
    """A mistaken upload removed by the case's staff, audited."""
    if case.is_closed:
        raise CaseClosed()
    object_id = attachment.id
    destroy_attachment(attachment)
    record("delete", object_type="attachment", object_id=object_id, case_ref=case.reference)


def case_attachments(case_id) -> Select:
    """The attachments of a case, newest first (paginate it)."""
    return (select(Attachment).where(Attachment.case_id == case_id)
            .order_by(Attachment.created_at.desc(), Attachment.id))


def attachment_key_usage() -> dict[str, int]:
    """Attachment files per data key id."""
    rows = db.session.execute(select(Attachment.key_id, func.count()).group_by(Attachment.key_id))
    return {key_id: int(n) for key_id, n in rows}


def reencrypt_attachment_batch(ring: Keyring, size: int,
                               unreadable: list[Unreadable] | None = None) -> int:
    """Re-encrypt a few files under the primary key: new file first, then switch, then destroy.

    A run killed between the steps leaves at most an unreferenced encrypted file, never a
    record without its file. A file that is missing or no key opens is left as it is and
    noted in `unreadable` (when given; otherwise it stops the run).
    """
    store = get_store()
    skipped = [uuid.UUID(u.row_id) for u in unreadable or () if u.table == TABLE]
    batch = db.session.execute(
        select(Attachment.id, Attachment.storage_name).where(Attachment.key_id != ring.primary)
        .where(Attachment.id.not_in(skipped))
        .order_by(Attachment.id).limit(min(size, REENCRYPT_FILES_PER_BATCH))).all()
    replaced = []
    for attachment_id, old_name in batch:
        try:
            plain = decrypt_value(ring, TABLE, COLUMN, attachment_id, store.get(old_name))
        except (DecryptionError, FileNotFoundError):
            if unreadable is None:
                raise
            note_unreadable(unreadable, TABLE, COLUMN, attachment_id)
            continue
        new_name = new_storage_name()
        store.put(new_name, encrypt_value(ring, TABLE, COLUMN, attachment_id, plain))
        switched = db.session.execute(
            update(Attachment).where(Attachment.id == attachment_id,
                                     Attachment.storage_name == old_name)
            .values(storage_name=new_name, key_id=ring.primary)
            .execution_options(synchronize_session=False))
        replaced.append((old_name, new_name, switched.rowcount == 1))
    db.session.commit()
    for old_name, new_name, switched in replaced:
        store.destroy(old_name if switched else new_name)
    return len(batch)


register_extra_step(ExtraStep("attachments", attachment_key_usage, reencrypt_attachment_batch))
