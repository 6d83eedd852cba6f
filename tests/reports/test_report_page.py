"""The statistics page: a supervisor's organisations only, every table by sex, filters that work."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.reports.conftest import this_year


def _row(html: str, table: str, label: str) -> list[str]:
    """The shown cells of one row of one table on the page."""
    section = html.split(f'id="table-{table}"')[1].split("</section>")[0]
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", section, re.S)
    assert match, f"no row {label} in {table}"
    return re.findall(r'<td class="num">([^<]*(?:&lt;\d+)?)</td>', match.group(1))


def test_counts_by_every_category_with_indonesian_labels(client, login, network, add_cases):
    """Each asked-for table is there, by sex, in Bahasa Indonesia."""
    add_cases(network["north_paralegal"], 6, forms=["sexual"], tpks_crimes=["electronic"],
              gbv_type="sexual_assault", place="online", perpetrator_relationship="partner",
              age_band="13-17", disability="sensory", district_code="320405",
              regency_code="3204", province_code="32")
    login(client, network["north_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    for table in ("sex", "forms", "gbv_type", "tpks", "place", "relationship", "age_band",
                  "disability", "district", "month", "services", "referrals"):
        assert f'id="table-{table}"' in html
    assert _row(html, "forms", "Seksual") == ["6", "0", "6"]
    assert _row(html, "tpks", "Kekerasan seksual berbasis elektronik") == ["6", "0", "6"]
    assert _row(html, "gbv_type", "Serangan seksual") == ["6", "0", "6"]
    assert _row(html, "place", "Ranah daring") == ["6", "0", "6"]
    assert _row(html, "relationship", "Pacar / mantan pacar") == ["6", "0", "6"]
    assert _row(html, "age_band", "13–17 tahun") == ["6", "0", "6"]
    assert _row(html, "disability", "Sensorik") == ["6", "0", "6"]
    assert _row(html, "district", "320405") == ["6", "0", "6"]


def test_own_organisation_sees_exact_small_counts(client, login, network, add_cases):
    """A centre's supervisor sees her own centre's small counts as they are."""
    add_cases(network["north_paralegal"], 2, place="school")
    login(client, network["north_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    assert _row(html, "place", "Sekolah / lembaga pendidikan") == ["2", "0", "2"]


def test_ngo_supervisor_sees_small_counts_suppressed(client, login, network, add_cases):
    """Across several centres a count of 2 reads '<5' on the page."""
    add_cases(network["north_paralegal"], 2, place="school")
    add_cases(network["south_paralegal"], 8, place="household")
    login(client, network["ngo_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    assert _row(html, "place", "Sekolah / lembaga pendidikan")[0] == "&lt;5"
    assert "2" not in _row(html, "place", "Sekolah / lembaga pendidikan")


def test_other_ngo_cases_are_never_counted(client, login, network, make_user, add_cases):
    """Another NGO's supervisor sees none of these cases, and they see none of hers."""
    add_cases(network["north_paralegal"], 7, place="workplace")
    other_paralegal = make_user("paralegal", network["other_ngo"])
    add_cases(other_paralegal, 9, place="online")
    login(client, network["other_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    assert _row(html, "place", "Tempat kerja") == ["0", "0", "0"]
    assert _row(html, "place", "Ranah daring") == ["9", "0", "9"]


def test_filter_by_organisation_within_scope(client, login, network, add_cases):
    """Choosing one centre counts only its cases."""
    add_cases(network["north_paralegal"], 7, place="workplace")
    add_cases(network["south_paralegal"], 8, place="workplace")
    login(client, network["ngo_supervisor"])
    args = {**this_year(), "org": "bale-selatan"}
    html = client.get("/reports/", query_string=args).data.decode()
    assert _row(html, "place", "Tempat kerja") == ["8", "0", "8"]


def test_filter_by_region(client, login, network, add_cases):
    """A district code keeps only the survivors recorded there."""
    add_cases(network["north_paralegal"], 6, province_code="32", regency_code="3204",
              district_code="320405")
    add_cases(network["north_paralegal"], 7, province_code="32", regency_code="3204",
              district_code="320406")
    login(client, network["north_supervisor"])
    html = client.get("/reports/", query_string={**this_year(), "region": "320406"}).data.decode()
    assert _row(html, "sex", "Perempuan") == ["7"]
    html = client.get("/reports/", query_string={**this_year(), "region": "3204"}).data.decode()
    assert _row(html, "sex", "Perempuan") == ["13"]


def test_filter_by_period_and_month_table(app, client, login, network, add_cases):
    """Cases outside the period are left out; months are counted in local time."""
    add_cases(network["north_paralegal"], 6, created=datetime(2025, 3, 31, 18, 0, tzinfo=UTC))
    add_cases(network["north_paralegal"], 7, created=datetime(2025, 5, 10, 3, 0, tzinfo=UTC))
    login(client, network["north_supervisor"])
    html = client.get("/reports/", query_string={"start": "2025-04-01", "end": "2025-04-30"}
                      ).data.decode()
    # 18:00 UTC on 31 March is 01:00 on 1 April in Jakarta.
    assert _row(html, "month", "2025-04") == ["6", "0", "6"]
    assert 'scope="row">2025-05<' not in html
    html = client.get("/reports/", query_string={"start": "2025-01-01", "end": "2025-12-31"}
                      ).data.decode()
    assert _row(html, "month", "2025-05") == ["7", "0", "7"]


def test_services_by_type_and_outcome(client, login, network, add_cases, add_service):
    """Services given within the period, by type (rows) and outcome (columns)."""
    cases = add_cases(network["north_paralegal"], 3)
    for case in cases:
        add_service(case, "health")
    add_service(cases[0], "legal_aid", outcome="declined_by_survivor")
    login(client, network["north_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    assert _row(html, "services", "Kesehatan")[0] == "3"
    assert _row(html, "services", "Bantuan hukum")[3] == "1"


def test_page_view_is_audited_without_values(app, client, login, network):
    """Looking at the statistics writes one audit entry naming the report, nothing else."""
    from sqlalchemy import select

    from casework.audit.models import AuditEntry
    from casework.extensions import db

    login(client, network["ngo_supervisor"])
    client.get("/reports/")
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.object_type == "report")).one()
        assert (entry.action, entry.outcome, entry.case_ref) == ("view", "ok", None)
