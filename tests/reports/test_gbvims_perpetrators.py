"""The GBVIMS export's alleged-perpetrator fields: how many, sex, age group, relationship and
occupation of the primary perpetrator; never a name."""

from __future__ import annotations

from casework.cases.models import Case
from casework.extensions import db
from casework.perpetrators.records import create_perpetrator
from casework.perpetrators.summary import perpetrators_for_cases
from tests.reports.conftest import read_csv, this_year

FIRST = {"perpetrator_relationship": "partner", "perpetrator_sex": "male",
         "perpetrator_age_band": "25-44", "perpetrator_occupation": "labourer",
         "perpetrator_name": "Pelaku Utama Xq"}


def test_gbvims_carries_the_perpetrator_fields(app, client, login, network, add_cases):
    """Two perpetrators of mixed sex on one case, one on three others, none on a fifth (five
    victims alike, so the export's rare-combination rule keeps them all)."""
    two, one, *_alike = add_cases(network["north_paralegal"], 4, **FIRST)
    (none,) = add_cases(network["north_paralegal"], 1, perpetrator_relationship="")
    with app.app_context():
        case = db.session.get(Case, two.id)
        create_perpetrator(case, case.incident, {"sex": "female", "relationship": "relative",
                                                 "name": "Pelaku Kedua Xq"}, None)
        db.session.commit()
        by_case = perpetrators_for_cases([two.id, one.id, none.id])
    assert [p.relationship for p in by_case[two.id]] == ["partner", "relative"]
    assert none.id not in by_case
    login(client, network["ngo_supervisor"])
    response = client.get("/reports/export/gbvims.csv", query_string=this_year())
    assert "Xq" not in response.get_data(as_text=True)
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    wanted = ["perpetrator_count", "perpetrator_sex", "perpetrator_age_band",
              "perpetrator_relationship", "perpetrator_occupation", "perpetrator_is_child"]
    seen = sorted(tuple(dict(zip(header, row, strict=True))[name] for name in wanted)
                  for row in body)
    assert seen == sorted([
        ("2", "both", "25-44", "partner", "labourer", "no"),
        *[("1", "male", "25-44", "partner", "labourer", "no")] * 3,
        ("0", "", "", "", "", ""),
    ])


def test_a_rare_victim_is_in_neither_export_and_the_codes_differ(app, client, login, network,
                                                                  add_cases):
    """Five alike and one of another age band: GBVIMS leaves her out as SIMFONI-PPA does, and
    the two files name the same victims with different codes, so they cannot be joined."""
    add_cases(network["north_paralegal"], 5, **FIRST)
    add_cases(network["north_paralegal"], 1, age_band="60+")
    login(client, network["ngo_supervisor"])
    gbvims = read_csv(client.get("/reports/export/gbvims.csv", query_string=this_year()))
    assert len(gbvims) - 1 == 5
    assert "60+" not in {value for row in gbvims for value in row}
    simfoni = client.get("/reports/export/simfoni.csv", query_string=this_year())
    simfoni_text = simfoni.get_data(as_text=True)
    assert simfoni_text.count(",S-") == 5
    assert not {row[0] for row in gbvims[1:]} & set(simfoni_text.replace(",", " ").split())
