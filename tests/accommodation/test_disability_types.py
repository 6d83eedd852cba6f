"""Disability types of UU 8/2016, several allowed, and the one value statistics read."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from casework.accommodation.models import SurvivorNeed
from casework.cases.models import Case
from casework.extensions import db
from tests.accommodation.conftest import intake


def _register(app, client, **overrides) -> str:
    response = client.post("/cases/new", data=intake(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    reference = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    return reference


@pytest.mark.parametrize(("ticked", "column"), [
    (["hearing", "speech"], "multiple"), (["visual"], "sensory"), (["mental"], "mental"),
    (["none"], "none"), ([], None),
])
def test_the_statistics_column_follows_the_ticks(app, place, as_user, ticked, column):
    reference = _register(app, as_user(place.paralegal), disability_types=ticked)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        assert case.survivor.disability == column
        codes = db.session.scalars(select(SurvivorNeed.code).where(
            SurvivorNeed.case_id == case.id, SurvivorNeed.kind == "disability")).all()
        assert sorted(codes) == sorted(c for c in ticked if c != "none")


def test_types_and_accommodation_on_the_case_page_and_edit_form(app, place, as_user):
    client = as_user(place.paralegal)
    reference = _register(app, client, disability_types=["hearing", "speech"],
                          accommodations=["sign_language", "companion"])
    page = client.get(f"/cases/{reference}").get_data(as_text=True)
    assert "Sensorik rungu" in page and "Sensorik wicara" in page
    assert "Juru bahasa isyarat" in page and "Pendamping" in page
    form = client.get(f"/cases/{reference}/edit").get_data(as_text=True)
    for code in ("hearing", "speech", "sign_language", "companion"):
        assert re.search(rf'<input[^>]*checked[^>]*value="{code}"', form), code
    assert not re.search(r'<input[^>]*checked[^>]*value="visual"', form)


def test_none_with_a_type_is_refused(app, place, as_user):
    response = as_user(place.paralegal).post("/cases/new", data=intake(
        disability_types=["none", "physical"]))
    assert response.status_code == 200
    assert "jangan keduanya" in response.get_data(as_text=True)
