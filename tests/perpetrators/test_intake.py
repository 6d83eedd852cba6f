"""The intake form still asks for the first perpetrator, and makes a perpetrator row of it."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import Case
from casework.extensions import db
from tests.conftest import case_data
from tests.perpetrators.conftest import perpetrators


def _case_id(app, reference: str):
    """The id of the case with this reference."""
    with app.app_context():
        return db.session.scalar(select(Case.id).where(Case.reference == reference))


def test_intake_records_the_first_perpetrator(app, client, login, centre):
    """Her answers about the perpetrator become the case's first perpetrator."""
    login(client, centre.paralegal)
    data = case_data(nik="", phone="", perpetrator_name="Joko", perpetrator_sex="male",
                     perpetrator_age_band="25-44", perpetrator_education="sma",
                     perpetrator_occupation="labourer", perpetrator_harmed_others="y",
                     perpetrator_details="Sering mabuk.")
    response = client.post("/cases/new", data=data)
    assert response.status_code == 302
    reference = response.headers["Location"].rstrip("/").split("/")[-1]
    (found,) = perpetrators(app, _case_id(app, reference))
    assert (found.name, found.relationship, found.sex, found.age_band) == (
        "Joko", "spouse", "male", "25-44")
    assert found.education == "sma" and found.occupation == "labourer"
    assert found.harmed_others and not found.is_child and found.details == "Sering mabuk."
    page = client.get(f"/cases/{reference}").get_data(as_text=True)
    assert "Joko" in page and "Sering mabuk." in page


def test_intake_without_perpetrator_answers_records_none(app, client, login, centre):
    """Nothing asked about the perpetrator answered: no empty perpetrator row."""
    login(client, centre.paralegal)
    response = client.post("/cases/new", data=case_data(
        nik="", phone="", perpetrator_relationship=""))
    reference = response.headers["Location"].rstrip("/").split("/")[-1]
    assert perpetrators(app, _case_id(app, reference)) == []
    page = client.get(f"/cases/{reference}").get_data(as_text=True)
    assert "Belum ada pelaku yang dicatat." in page
