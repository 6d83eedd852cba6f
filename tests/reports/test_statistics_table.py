"""The statistics table follows every change to a case, and can be rebuilt from scratch."""

from __future__ import annotations

from sqlalchemy import delete, select

from casework.cases.models import Case, Survivor
from casework.extensions import db
from casework.reports.models import CaseFact
from tests.reports.conftest import this_year


def _place_row(client) -> str:
    """The shown total of girls 13–17 on the page."""
    html = client.get("/reports/", query_string=this_year()).data.decode()
    section = html.split('id="table-age_band"')[1].split("</section>")[0]
    return section.split('<th scope="row">13–17 tahun</th>')[1].split("</tr>")[0]


def test_an_edit_moves_the_case_between_categories(app, client, login, network, add_cases):
    """Changing a survivor's age band through the ORM changes the counts at once."""
    cases = add_cases(network["north_paralegal"], 6, age_band="25-44")
    login(client, network["north_supervisor"])
    assert '<td class="num">0</td>' in _place_row(client)
    with app.app_context():
        for handle in cases:
            db.session.scalars(select(Survivor).where(Survivor.case_id == handle.id)).one(
                ).age_band = "13-17"
        db.session.commit()
    assert '<td class="num">6</td>' in _place_row(client)


def test_duplicates_are_not_counted(app, network, add_cases):
    """A case marked duplicate leaves the statistics."""
    case = add_cases(network["north_paralegal"], 1)[0]
    with app.app_context():
        db.session.get(Case, case.id).status = "duplicate"
        db.session.commit()
        assert db.session.get(CaseFact, case.id) is None


def test_rebuild_restores_the_table(app, runner, network, add_cases, withdraw_statistics_consent):
    """After rows are lost (a bulk import, a restore), the command writes them all again."""
    cases = add_cases(network["north_paralegal"], 3, forms=["sexual", "physical"],
                      tpks_crimes=["electronic"])
    withdraw_statistics_consent(cases[0])
    with app.app_context():
        before = {row.case_id: (row.forms, row.tpks_crimes, row.statistics_consent)
                  for row in db.session.scalars(select(CaseFact))}
        db.session.execute(delete(CaseFact))
        db.session.commit()
    result = runner.invoke(args=["reports", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "3" in result.output
    with app.app_context():
        after = {row.case_id: (row.forms, row.tpks_crimes, row.statistics_consent)
                 for row in db.session.scalars(select(CaseFact))}
    assert after == before
    assert after[cases[0].id] == (",physical,sexual,", ",electronic,", False)


def test_no_identifying_value_in_the_table(app, network, add_cases):
    """The statistics table holds codes only: no name, NIK, phone or narrative."""
    add_cases(network["north_paralegal"], 1, name="Kartini Wulandari")
    with app.app_context():
        row = db.session.scalars(select(CaseFact)).one()
        values = " ".join(str(value) for value in vars(row).values())
    for secret in ("Kartini", "3204054507900001", "81234567890", "Kejadian"):
        assert secret not in values
