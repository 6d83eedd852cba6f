"""Bad input: a disability type not on UU 8/2016's list is refused with a clear message, and
what was typed is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.accommodation.errors import UnknownNeed
from casework.accommodation.operations import save_needs
from casework.cases.models import Case
from casework.extensions import db
from tests.accommodation.conftest import intake


def test_a_disability_type_not_on_the_list_is_refused(app, place, as_user):
    response = as_user(place.paralegal).post("/cases/new", data=intake(
        name="Rahma Tetap Ada", disability_types=["physical", "telepathic"]))
    html = response.get_data(as_text=True)
    assert "Pilih ragam disabilitas dari daftar UU 8/2016" in html
    assert 'value="Rahma Tetap Ada"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 0


def test_the_operation_refuses_it_too(app, place):
    with app.app_context(), pytest.raises(UnknownNeed):
        save_needs(Case(), {"disability_types": ["telepathic"]})
