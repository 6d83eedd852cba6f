"""Referrals by receiving unit, with the median days to acceptance and to completion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from casework.reports.queries import median_of
from tests.reports.conftest import this_year


def test_median_of_a_histogram():
    """Odd and even counts, and nothing at all."""
    assert median_of({1.0: 1, 2.0: 1, 9.0: 1}) == 2.0
    assert median_of({1.0: 2, 3.0: 2}) == 2.0
    assert median_of({}) is None


def _referral_row(html: str, unit: str) -> list[str]:
    """The cells of a unit's row in the referral table."""
    section = html.split('id="table-referrals"')[1].split("</section>")[0]
    row = section.split(f'<th scope="row">{unit}</th>')[1].split("</tr>")[0]
    return [cell.split("<")[0] for cell in row.split('<td class="num">')[1:]]


def test_units_with_status_counts_and_medians(app, client, login, network, make_org, add_cases,
                                              add_referral):
    """Six referrals to one unit: counts by status, medians of 2 and 10 days."""
    unit = make_org("dinas_sosial", code="dinsos-garut")
    with app.app_context():
        from casework.accounts.models import Organisation
        from casework.extensions import db

        db.session.get(Organisation, unit.id).name = "Dinas Sosial Garut"
        db.session.commit()
    cases = add_cases(network["north_paralegal"], 6)
    sent = datetime.now(UTC) - timedelta(days=20)
    for index, case in enumerate(cases[:3]):
        add_referral(case, unit, "completed", sent, accepted_at=sent + timedelta(days=1 + index),
                     ended_at=sent + timedelta(days=8 + 2 * index))
    add_referral(cases[3], unit, "accepted", sent, accepted_at=sent + timedelta(days=3))
    add_referral(cases[4], unit, "declined", sent, ended_at=sent + timedelta(days=1))
    add_referral(cases[5], unit, "sent", sent)
    login(client, network["north_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    # Columns: sent, accepted, declined, completed, withdrawn, total, median accept, complete.
    assert _referral_row(html, "Dinas Sosial Garut") == ["1", "1", "1", "3", "0", "6", "2,5", "10"]


def test_small_units_hide_their_medians_outside_the_owner(client, login, network, make_org,
                                                          add_cases, add_referral):
    """Across centres, a unit with two referrals shows '<5' and no medians."""
    unit = make_org("dukcapil", code="dukcapil-x")
    cases = add_cases(network["north_paralegal"], 2)
    for case in cases:
        add_referral(case, unit, "accepted", accepted_at=datetime.now(UTC))
    login(client, network["ngo_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    row = _referral_row(html, "Org dukcapil")
    assert row[5] == "&lt;5"
    assert row[6:] == ["", ""]
