"""The supervisor's "this month" counts start at midnight on the 1st in the deployment's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from casework.reports.dashboards import month_start

JAKARTA = ZoneInfo("Asia/Jakarta")


def test_the_month_starts_at_local_midnight():
    """At 01:30 on 1 March in Jakarta (18:30 UTC on 28 February) the month is March's."""
    start = month_start(datetime(2026, 2, 28, 18, 30, tzinfo=UTC), JAKARTA)
    assert start == datetime(2026, 3, 1, tzinfo=JAKARTA)
    assert start.astimezone(UTC) == datetime(2026, 2, 28, 17, 0, tzinfo=UTC)


def _month(html: str) -> str:
    """The "this month" section, without layout whitespace."""
    section = html.split('id="month"')[1].split("</section>")[0]
    return section.replace("\n", "").replace("  ", "")


def test_a_case_just_after_local_midnight_on_the_first_counts_as_this_month(
        client, login, network, add_cases):
    """A case reported a minute into the month in Jakarta counts; one a minute before does not,
    though in UTC both fall on the last day of the month before."""
    first = datetime.now(JAKARTA).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    add_cases(network["north_paralegal"], 1, created=(first + timedelta(minutes=1)).astimezone(UTC))
    add_cases(network["north_paralegal"], 1, created=(first - timedelta(minutes=1)).astimezone(UTC))
    login(client, network["ngo_supervisor"])
    assert "<dt>Kasus baru</dt><dd>1</dd>" in _month(client.get("/").data.decode())
