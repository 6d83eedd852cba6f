"""Legal steps appear on the case timeline in the order they happened, without their text."""

from __future__ import annotations

from tests.legal.conftest import days


def test_legal_steps_on_the_timeline(as_paralegal, centre, add_step):
    """Police report, verdict and a court's protection order show as events; the report
    number and the sentence do not."""
    add_step(centre.case, centre.paralegal, "police_report", days(-40),
             report_number="LP/RAHASIA/555")
    add_step(centre.case, centre.paralegal, "verdict", days(-3), sentence="Penjara-rahasia")
    add_step(centre.case, centre.paralegal, "protection_order_granted", days(-2),
             ordered_by="court", starts_on=days(-2), ends_on=days(60))
    page = as_paralegal.get(f"/cases/{centre.case.reference}/timeline").data.decode()
    report = page.index("Proses hukum: Laporan polisi")
    verdict = page.index("Proses hukum: Putusan")
    order = page.index("Proses hukum: Perintah pelindungan diberikan")
    assert "Pengadilan" in page[order:]
    assert sorted([report, verdict, order]) in ([report, verdict, order],
                                                [order, verdict, report])
    assert "LP/RAHASIA/555" not in page and "Penjara-rahasia" not in page
