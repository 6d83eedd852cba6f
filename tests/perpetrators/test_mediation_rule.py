"""UU TPKS art. 23 with several perpetrators: mediation is refused while any adult perpetrator
of a sexual-violence crime is recorded, and allowed when every one recorded is a child."""

from __future__ import annotations

from casework.cases.models import Case
from casework.cases.rules import mediation_forbidden
from casework.extensions import db
from casework.i18n import local_today
from casework.perpetrators.records import create_perpetrator
from tests.perpetrators.conftest import SEXUAL, perpetrators

CHILD = {"perpetrator_relationship": "neighbour", "perpetrator_is_child": True,
         "perpetrator_age_band": "13-17"}


def _forbidden(app, case_id, *more: dict) -> bool:
    """Whether mediation is forbidden once these perpetrators are added too."""
    with app.test_request_context("/"):
        case = db.session.get(Case, case_id)
        for data in more:
            create_perpetrator(case, case.incident, data, None)
        db.session.commit()
        return mediation_forbidden(db.session.get(Case, case_id))


def test_two_child_perpetrators_allow_mediation(app, centre, make_case):
    """Every perpetrator recorded is a child: the exception of art. 23 holds."""
    case = make_case(centre.paralegal, **SEXUAL, **CHILD)
    assert not _forbidden(app, case.id, {"is_child": True, "age_band": "6-12"})


def test_one_adult_among_children_forbids_mediation(app, centre, make_case):
    """A child and an adult perpetrator: forbidden."""
    case = make_case(centre.paralegal, **SEXUAL, **CHILD)
    assert _forbidden(app, case.id, {"relationship": "stranger", "age_band": "25-44"})


def test_no_perpetrator_recorded_counts_as_an_adult(app, centre, make_case):
    """Nothing known of the perpetrator of a sexual-violence crime: forbidden."""
    case = make_case(centre.paralegal, **SEXUAL, perpetrator_relationship="")
    assert perpetrators(app, case.id) == []
    assert _forbidden(app, case.id)


def test_adults_of_a_non_sexual_incident_do_not_forbid(app, centre):
    """Physical violence by two adults: mediation is not forbidden by art. 23."""
    assert not _forbidden(app, centre.case.id, {"relationship": "relative"})


def test_removing_the_adult_allows_mediation_again(app, client, login, centre, make_case):
    """Through the pages: refused with an adult added, allowed once he is removed."""
    case = make_case(centre.paralegal, **SEXUAL, **CHILD)
    login(client, centre.paralegal)
    service = {"service_type": "mediation", "delivered_on": local_today().isoformat(),
               "outcome": "provided"}
    client.post(f"/cases/{case.reference}/perpetrators/new",
                data={"relationship": "stranger", "age_band": "25-44"})
    refused = client.post(f"/cases/{case.reference}/services", data=service)
    assert refused.status_code == 422 and "UU TPKS" in refused.get_data(as_text=True)
    adult = perpetrators(app, case.id)[1]
    client.post(f"/cases/{case.reference}/perpetrators/{adult.id}/remove",
                data={"version": str(adult.version)})
    assert client.post(f"/cases/{case.reference}/services", data=service).status_code == 302
