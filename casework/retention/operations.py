"""Purging a case: every encrypted value, blind-index entry and attachment destroyed.

What stays: the case row with its reference and status, the survivor's and incident's plain
categories (sex, age band, forms of violence...) for the statistics, and the access log.
Tables are found from the models, so a new model with a case_id (or pointing at a table
that has one) is purged without changes here; anything else registers a purge hook.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from flask import current_app
from sqlalchemy import Select, Table, delete, event, func, select, update
from sqlalchemy.orm import Session

from casework.audit.operations import record
from casework.cases.models import Case, SurvivorIndex
from casework.children.ages import eighteenth_birthday
from casework.crypto.rotation import encrypted_columns
from casework.database import utcnow
from casework.extensions import db
from casework.retention.errors import AlreadyPurged, NotClosed, RetentionNotReached
from casework.retention.models import CasePurge

PURGE_REASONS = ("survivor_request", "retention_reached", "duplicate_record")
PURGEABLE_STATUSES = ("closed", "duplicate")
PurgeHook = Callable[[Case], None]
_HOOKS: list[PurgeHook] = []


def register_purge_hook(hook: PurgeHook) -> None:
    """Let a domain destroy data of a case that the generic purge cannot find."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def _rows_of_case(table: Table, case: Case):
    """SQL: the rows of this table that belong to the case (directly or one step away)."""
    if table.name == Case.__tablename__:
        return table.c.id == case.id
    if "case_id" in table.c:
        return table.c.case_id == case.id
    for foreign_key in table.foreign_keys:
        parent = foreign_key.column.table
        if parent.name == Case.__tablename__:
            return foreign_key.parent == case.id
        if "case_id" in parent.c:
            owned = select(parent.c.id).where(parent.c.case_id == case.id)
            return foreign_key.parent.in_(owned)
    return None


def _erase_encrypted_values(case: Case) -> None:
    """Set every encrypted value that belongs to the case to NULL."""
    by_table: dict[str, list] = {}
    for column in encrypted_columns():
        by_table.setdefault(column.table.name, []).append(column)
    for columns in by_table.values():
        table = columns[0].table
        where = _rows_of_case(table, case)
        if where is None:
            continue
        db.session.execute(update(table).where(where).values({c.column: None for c in columns})
                           .execution_options(synchronize_session=False))


def purge_case(case: Case, reason: str, actor_id=None) -> CasePurge:
    """Destroy everything identifying about a closed case; keep its categories and its log."""
    from casework.attachments.models import Attachment
    from casework.attachments.operations import destroy_attachment

    if case.status not in PURGEABLE_STATUSES:
        raise NotClosed()
    if db.session.scalar(select(CasePurge.id).where(CasePurge.case_id == case.id)):
        raise AlreadyPurged()
    if reason == "retention_reached" and retention_ends(case) > utcnow():
        raise RetentionNotReached()
    for attachment in db.session.scalars(select(Attachment).where(Attachment.case_id == case.id)):
        destroy_attachment(attachment)
    db.session.execute(delete(SurvivorIndex).where(SurvivorIndex.case_id == case.id))
    _erase_encrypted_values(case)
    for hook in _HOOKS:
        hook(case)
    purge = CasePurge(case_id=case.id, reason=reason, purged_by_id=actor_id)
    db.session.add(purge)
    db.session.flush()
    db.session.expire(case)
    record("purge", object_type="case", object_id=case.id, case_ref=case.reference)
    db.session.info["casework_purged"] = True
    return purge


def is_purged(case: Case) -> bool:
    """Whether the case was purged."""
    return db.session.scalar(select(CasePurge.id).where(CasePurge.case_id == case.id)) is not None


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Cases closed before this moment are past the retention period."""
    years = current_app.config["RETENTION_YEARS"]
    return (now or utcnow()) - timedelta(days=round(365.25 * years))


def retention_starts(case: Case) -> datetime:
    """When the retention period starts: at closing; for a child, at her 18th birthday if
    that comes later (casework.children.ages: the latest it can be when only her age band
    is known)."""
    closed = case.closed_at or case.updated_at
    birthday = eighteenth_birthday(case)
    if birthday is not None:
        turns_adult = datetime.combine(birthday, time.min, tzinfo=UTC)
        if turns_adult > closed:
            return turns_adult
    return closed


def retention_ends(case: Case) -> datetime:
    """The moment the case is past the retention period."""
    return retention_starts(case) + timedelta(days=round(365.25 * current_app.config["RETENTION_YEARS"]))


def cases_past_retention(now: datetime | None = None) -> list[Case]:
    """The closed cases whose retention period is over, counted for a child from her 18th
    birthday: the SQL below finds those closed long enough ago, and her birthday, which may
    come from an encrypted date of birth, is read for those only."""
    cutoff = retention_cutoff(now)
    return [case for case in db.session.scalars(past_retention(now))
            if retention_starts(case) < cutoff]


def past_retention(now: datetime | None = None) -> Select:
    """Closed cases, not yet purged, closed before the retention cutoff, oldest first (for a
    child's case a first sift only: cases_past_retention applies her 18th birthday)."""
    closed_on = func.coalesce(Case.closed_at, Case.updated_at)
    purged = select(CasePurge.case_id)
    return (select(Case).where(Case.status.in_(PURGEABLE_STATUSES), closed_on < retention_cutoff(now),
                               Case.id.not_in(purged))
            .order_by(closed_on, Case.id))


@event.listens_for(Session, "after_commit")
def _checkpoint_after_purge(session: Session) -> None:
    """On SQLite, fold the WAL into the database at once, so old pages of a purged case are
    overwritten (secure_delete) instead of lingering in the write-ahead log."""
    if not session.info.pop("casework_purged", False):
        return
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
