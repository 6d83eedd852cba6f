"""A perpetrator's name and details are stored encrypted and bound to their row: a value
copied onto another perpetrator's row does not open there."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from casework.crypto.errors import DecryptionError
from casework.extensions import db
from casework.perpetrators.models import Perpetrator
from casework.perpetrators.records import ALL_FIELDS


def test_name_is_sealed_and_bound_to_its_row(app, make_user, make_case):
    paralegal = make_user("paralegal")
    first = make_case(paralegal, perpetrator_name="Nama Pelaku Satu")
    second = make_case(paralegal, perpetrator_name="Nama Pelaku Dua")
    assert {"name", "details"} <= set(ALL_FIELDS)
    with app.app_context():
        one, two = (db.session.scalar(select(Perpetrator).where(Perpetrator.case_id == c.id))
                    for c in (first, second))
        assert b"Nama Pelaku" not in one.name_enc
        db.session.execute(update(Perpetrator).where(Perpetrator.id == two.id)
                           .values(name_enc=one.name_enc))
        db.session.commit()
        db.session.expire_all()
        moved = db.session.get(Perpetrator, two.id)
        with pytest.raises(DecryptionError):
            _ = moved.name
