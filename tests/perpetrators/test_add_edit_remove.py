"""Perpetrators added, edited and removed from the case page: shown, logged, on the timeline."""

from __future__ import annotations

from tests.perpetrators.conftest import audit_actions, perpetrators

NEIGHBOUR = {"name": "Pak Rudi", "relationship": "neighbour", "sex": "male",
             "age_band": "45-59", "education": "sd", "occupation": "trader",
             "harmed_others": "y", "details": "Tinggal dua rumah dari korban."}


def test_second_perpetrator_added_and_shown(app, as_paralegal, centre):
    """A second perpetrator appears beside the first, with the categories in Indonesian."""
    ref = centre.case.reference
    response = as_paralegal.post(f"/cases/{ref}/perpetrators/new", data=NEIGHBOUR)
    assert response.status_code == 302
    page = as_paralegal.get(f"/cases/{ref}").get_data(as_text=True)
    assert "Pak Rudi" in page and "Tetangga" in page and "Suami/istri" in page
    assert "Diketahui pernah melakukan kekerasan terhadap orang lain" in page
    found = perpetrators(app, centre.case.id)
    assert [p.relationship for p in found] == ["spouse", "neighbour"]
    assert found[1].harmed_others and found[1].occupation == "trader"
    assert audit_actions(app, "perpetrator") == ["create", "create"]
    timeline = as_paralegal.get(f"/cases/{ref}/timeline").get_data(as_text=True)
    assert timeline.count("Pelaku ditambahkan") == 2
    assert "Pak Rudi" not in timeline


def test_perpetrator_edited(app, as_paralegal, centre):
    """The edit form opens with the saved answers and saves the new ones."""
    ref = centre.case.reference
    first = perpetrators(app, centre.case.id)[0]
    form = as_paralegal.get(f"/cases/{ref}/perpetrators/{first.id}").get_data(as_text=True)
    assert 'value="spouse" selected' in form or "selected value=\"spouse\"" in form
    data = {**NEIGHBOUR, "relationship": "former_spouse", "version": str(first.version)}
    assert as_paralegal.post(f"/cases/{ref}/perpetrators/{first.id}",
                             data=data).status_code == 302
    saved = perpetrators(app, centre.case.id)[0]
    assert saved.relationship == "former_spouse" and saved.name == "Pak Rudi"
    assert audit_actions(app, "perpetrator") == ["create", "view", "update"]
    timeline = as_paralegal.get(f"/cases/{ref}/timeline").get_data(as_text=True)
    assert "Data pelaku diubah" in timeline


def test_stale_edit_refused_answers_kept(app, as_paralegal, centre):
    """An edit made on a copy older than the saved one is refused; her answers stay."""
    ref = centre.case.reference
    first = perpetrators(app, centre.case.id)[0]
    old = str(first.version)
    as_paralegal.post(f"/cases/{ref}/perpetrators/{first.id}",
                      data={"relationship": "partner", "version": old})
    response = as_paralegal.post(f"/cases/{ref}/perpetrators/{first.id}",
                                 data={**NEIGHBOUR, "version": old})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Orang lain menyimpan data pelaku ini" in page and "Pak Rudi" in page
    assert perpetrators(app, centre.case.id)[0].relationship == "partner"


def test_perpetrator_removed(app, as_paralegal, centre):
    """Removed: gone from the page and the rules, still on the timeline (without a name)."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/perpetrators/new", data=NEIGHBOUR)
    second = perpetrators(app, centre.case.id)[1]
    stale = as_paralegal.post(f"/cases/{ref}/perpetrators/{second.id}/remove",
                              data={"version": str(second.version + 1)})
    assert stale.status_code == 302 and len(perpetrators(app, centre.case.id)) == 2
    response = as_paralegal.post(f"/cases/{ref}/perpetrators/{second.id}/remove",
                                 data={"version": str(second.version)})
    assert response.status_code == 302
    assert [p.relationship for p in perpetrators(app, centre.case.id)] == ["spouse"]
    page = as_paralegal.get(f"/cases/{ref}").get_data(as_text=True)
    assert "Pak Rudi" not in page
    timeline = as_paralegal.get(f"/cases/{ref}/timeline").get_data(as_text=True)
    assert "Pelaku dihapus" in timeline
    assert audit_actions(app, "perpetrator")[-1] == "delete"


def test_another_cases_perpetrator_is_not_found(app, as_paralegal, centre, make_case):
    """A perpetrator of another case, even her own, is a logged 404 under this case."""
    other = make_case(centre.paralegal)
    theirs = perpetrators(app, other.id)[0]
    response = as_paralegal.get(f"/cases/{centre.case.reference}/perpetrators/{theirs.id}")
    assert response.status_code == 404
    assert audit_actions(app, "perpetrator")[-1] == "denied"
