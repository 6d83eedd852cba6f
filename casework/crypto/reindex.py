"""Blind indexes after the index key rotates: survivors indexed under an old key, and their
entries recomputed under the primary key in batches (resumable: each batch commits, and the
walk goes on from the last survivor id)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from sqlalchemy import delete, func, insert, select

from casework.crypto.blind_index import INDEXED_FIELDS, blind_index, survivor_index_values
from casework.crypto.errors import DecryptionError
from casework.crypto.keyring import Keyring
from casework.crypto.rotation import DEFAULT_BATCH, Resealer, Unreadable, note_unreadable
from casework.extensions import db


def stale_index_count(ring: Keyring) -> int:
    """Survivors with blind-index entries under an index key other than the primary."""
    from casework.cases.models import SurvivorIndex

    query = select(func.count(func.distinct(SurvivorIndex.survivor_id))).where(
        SurvivorIndex.key_id != ring.index_primary)
    return db.session.scalar(query) or 0


def reindex_batch(ring: Keyring, size: int = DEFAULT_BATCH, after: uuid.UUID | None = None,
                  unreadable: list[Unreadable] | None = None) -> tuple[int, uuid.UUID | None]:
    """Recompute one batch of survivors' blind indexes under the primary index key.

    Walks survivors in id order from `after`; returns (survivors done, last id) to go on from.
    A survivor whose values no key opens keeps her old entries and is noted in `unreadable`
    (when given; otherwise it stops the run).
    """
    from casework.cases.models import Survivor, SurvivorIndex

    query = select(SurvivorIndex.survivor_id).where(SurvivorIndex.key_id != ring.index_primary)
    if after is not None:
        query = query.where(SurvivorIndex.survivor_id > after)
    ids = list(db.session.scalars(query.group_by(SurvivorIndex.survivor_id)
                                  .order_by(SurvivorIndex.survivor_id).limit(size)))
    if not ids:
        return 0, None
    columns = [Survivor.__table__.c[f"{f}_enc"] for f in INDEXED_FIELDS]
    # Locking the survivors makes a concurrent edit wait, so its own reindex comes after ours.
    found = db.session.execute(select(Survivor.id, Survivor.case_id, *columns)
                               .where(Survivor.id.in_(ids)).with_for_update()).all()
    resealer, rows, redone = Resealer(ring), [], []
    for survivor_id, case_id, *blobs in found:
        plain = _opened(resealer, survivor_id, blobs, unreadable)
        if plain is None:
            continue
        redone.append(survivor_id)
        rows += [{"id": uuid.uuid4(), "survivor_id": survivor_id, "case_id": case_id,
                  "field": f, "key_id": ring.index_primary,
                  "bucket": blind_index(ring, f, v)}
                 for f, v in survivor_index_values(SimpleNamespace(**plain))]
    db.session.execute(delete(SurvivorIndex).where(SurvivorIndex.survivor_id.in_(redone))
                       .execution_options(synchronize_session=False))
    if rows:
        db.session.execute(insert(SurvivorIndex.__table__), rows)
    db.session.commit()
    return len(ids), ids[-1]


def _opened(resealer: Resealer, survivor_id: uuid.UUID, blobs: list[bytes | None],
            unreadable: list[Unreadable] | None) -> dict[str, str | None] | None:
    """A survivor's indexed values opened, or None (noted) when one of them will not open."""
    plain: dict[str, str | None] = {}
    for name, blob in zip(INDEXED_FIELDS, blobs, strict=True):
        try:
            plain[name] = resealer.open("survivor", name, survivor_id, blob).decode() if blob else None
        except DecryptionError:
            if unreadable is None:
                raise
            note_unreadable(unreadable, "survivor", name, survivor_id)
            return None
    return plain
