"""The legal process in the statistics: cases reported to police, reaching trial, with
restitution granted and with a protection order, by sex, small counts suppressed."""

from __future__ import annotations

from datetime import timedelta

from casework.accounts.models import User
from casework.cases.models import Case
from casework.extensions import db
from casework.i18n import local_today
from casework.legal import operations as legal_ops
from tests.reports.conftest import this_year
from tests.reports.test_report_page import _row

AGO = local_today() - timedelta(days=1)


def _steps(app, author, cases, kind: str, **data) -> None:
    """Record one step of a kind on each of these cases."""
    with app.test_request_context("/"):
        user = db.session.get(User, author.id)
        for handle in cases:
            legal_ops.add_step(db.session.get(Case, handle.id), kind,
                               {"step_on": AGO, **data}, user)
        db.session.commit()


def _network_with_steps(app, network, add_cases) -> None:
    """Twenty women's cases at two centres: seven reported to police, two of them at trial
    (one with a verdict too), one restitution granted and one refused, six protection orders."""
    north = add_cases(network["north_paralegal"], 12)
    south = add_cases(network["south_paralegal"], 8)
    _steps(app, network["north_paralegal"], north[:4], "police_report")
    _steps(app, network["south_paralegal"], south[:3], "police_report")
    _steps(app, network["north_paralegal"], north[:2], "trial")
    _steps(app, network["north_paralegal"], north[:1], "verdict", sentence="Penjara 6 tahun")
    _steps(app, network["north_paralegal"], north[:1], "restitution_decided",
           decision="granted", amount=20_000_000)
    _steps(app, network["north_paralegal"], north[1:2], "restitution_decided",
           decision="refused")
    _steps(app, network["south_paralegal"], south[:6], "protection_order_granted",
           ordered_by="court", starts_on=AGO, ends_on=AGO + timedelta(days=90))


def test_legal_counts_suppressed_across_centres_exact_for_one(app, client, login, network,
                                                               add_cases):
    """Across the NGO's centres: seven reported and six protected shown; the two at trial (a
    case with a trial and a verdict counted once) and the one restitution read "<5". A
    centre's supervisor sees her own small counts, the refused restitution not counted."""
    _network_with_steps(app, network, add_cases)
    login(client, network["ngo_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    assert "Proses hukum dan pelindungan" in html
    assert _row(html, "legal", "Dilaporkan ke polisi") == ["7", "0", "7"]
    assert _row(html, "legal", "Perintah pelindungan diberikan") == ["6", "0", "6"]
    trial = _row(html, "legal", "Sampai ke persidangan")
    assert trial[0] == "&lt;5" and "2" not in trial
    restitution = _row(html, "legal", "Restitusi dikabulkan")
    assert restitution[0] == "&lt;5" and "1" not in restitution

    login(client, network["north_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    assert _row(html, "legal", "Dilaporkan ke polisi") == ["4", "0", "4"]
    assert _row(html, "legal", "Sampai ke persidangan") == ["2", "0", "2"]
    assert _row(html, "legal", "Restitusi dikabulkan") == ["1", "0", "1"]
    assert _row(html, "legal", "Perintah pelindungan diberikan") == ["0", "0", "0"]
