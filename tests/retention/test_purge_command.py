"""`casework purge` lists the cases past RETENTION_YEARS, and purges them only for a reason,
once confirmed (or with --reason and --yes)."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import Survivor
from casework.extensions import db
from casework.retention.models import CasePurge
from tests.retention.conftest import close


def test_lists_then_purges_with_yes(app, runner, centre):
    """An 11-year-old closed case is listed, a recent one is not; --reason with --yes purges
    the old one."""
    close(app, centre["case"], years_ago=11)
    close(app, centre["other"], years_ago=1)
    listed = runner.invoke(args=["purge", "--list"])
    assert listed.exit_code == 0
    assert centre["case"].reference in listed.output
    assert centre["other"].reference not in listed.output
    assert "Nothing was purged" in listed.output
    with app.app_context():
        assert db.session.scalar(select(CasePurge)) is None
    done = runner.invoke(args=["purge", "--reason", "retention_reached", "--yes"])
    assert done.exit_code == 0 and "Purged 1 case(s)." in done.output
    with app.app_context():
        purge = db.session.scalar(select(CasePurge))
        assert (purge.case_id, purge.reason) == (centre["case"].id, "retention_reached")
        names = dict(db.session.execute(select(Survivor.case_id, Survivor.name_enc)).all())
        assert names[centre["case"].id] is None and names[centre["other"].id] is not None
    assert "No closed case" in runner.invoke(args=["purge"]).output


def test_open_cases_are_never_listed(app, runner, centre):
    """An open case, however old, is not past retention."""
    assert "No closed case" in runner.invoke(args=["purge"]).output
