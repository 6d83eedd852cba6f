"""A protection order in force is shown at the top of the case page, and only while in force."""

from __future__ import annotations

from casework.legal import views as legal_views
from tests.legal.conftest import days

BANNER = "Perintah pelindungan berlaku sampai"


def _order(add_step, centre, starts: int, ends: int) -> None:
    """A protection order granted by the court, in force from and until these days."""
    add_step(centre.case, centre.paralegal, "protection_order_granted", days(-1),
             ordered_by="court", starts_on=days(starts), ends_on=days(ends),
             restrictions="Dilarang mendekati korban dalam jarak 100 meter")


def _top(page: str) -> str:
    """The case page above its first section."""
    return page.split('<section class="card" id="survivor">')[0]


def test_banner_shown_while_in_force_and_gone_after(as_paralegal, centre, add_step,
                                                   monkeypatch):
    """In force: the banner with its end date and restrictions heads the page; the day after
    the end date it is gone, though the order stays in the legal section."""
    _order(add_step, centre, -1, 30)
    page = as_paralegal.get(f"/cases/{centre.case.reference}").data.decode()
    assert BANNER in _top(page)
    assert "Dilarang mendekati korban dalam jarak 100 meter" in _top(page)
    monkeypatch.setattr(legal_views, "local_today", lambda: days(31))
    page = as_paralegal.get(f"/cases/{centre.case.reference}").data.decode()
    assert BANNER not in page
    assert "Perintah pelindungan diberikan" in page


def test_no_banner_for_an_order_ended_or_not_yet_started(as_paralegal, centre, add_step):
    """An order that ended yesterday, or starts tomorrow, shows no banner."""
    _order(add_step, centre, -30, -1)
    _order(add_step, centre, 1, 30)
    page = as_paralegal.get(f"/cases/{centre.case.reference}").data.decode()
    assert BANNER not in page


def test_banner_on_its_last_day(as_paralegal, centre, add_step):
    """An order ending today is still in force today."""
    _order(add_step, centre, -5, 0)
    page = as_paralegal.get(f"/cases/{centre.case.reference}").data.decode()
    assert BANNER in _top(page)
