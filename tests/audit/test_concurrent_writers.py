"""Eight writers at once: every entry lands, the sequence has no gaps, the chain verifies."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from casework.audit.chain import verify_chain
from casework.audit.models import AuditEntry
from casework.audit.operations import record
from casework.extensions import db

THREADS = 8
REQUESTS_PER_THREAD = 25
ENTRIES_PER_REQUEST = 10  # a request that lists or opens several records writes several entries


def _writer(app, number: int, errors: list[BaseException], start: threading.Barrier) -> None:
    """One worker: many requests, each its own context and transaction, as gunicorn would run them."""
    start.wait()
    try:
        for request_number in range(REQUESTS_PER_THREAD):
            with app.test_request_context(f"/cases/T{number}R{request_number}"):
                for entry in range(ENTRIES_PER_REQUEST):
                    record("view", object_type="case", case_ref=f"T{number}R{request_number}E{entry}")
                db.session.commit()
                db.session.remove()
    except BaseException as exc:  # handed to the main thread, which fails the test
        errors.append(exc)


def test_eight_writers_leave_no_gaps_and_a_valid_chain(app):
    """2,000 entries from 8 threads: 1..2000 exactly, every MAC right, no writer stuck."""
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)
    threads = [threading.Thread(target=_writer, args=(app, n, errors, start)) for n in range(THREADS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - began
    assert not any(thread.is_alive() for thread in threads), f"writers stuck after {elapsed:.0f} s"
    assert not errors, errors[:3]
    total = THREADS * REQUESTS_PER_THREAD * ENTRIES_PER_REQUEST
    with app.app_context():
        count, low, high = db.session.execute(
            select(func.count(), func.min(AuditEntry.seq), func.max(AuditEntry.seq))
        ).one()
        refs = db.session.scalar(select(func.count(func.distinct(AuditEntry.case_ref))))
        report = verify_chain(batch_size=500)
    assert (count, low, high, refs) == (total, 1, total, total)
    assert report.ok and report.checked == total, report.problem
