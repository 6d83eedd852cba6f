"""Rows of the shared authorisation matrix (tests/access) for the legal steps of a case.

The step is a police report on the case of the row's relation: its newest, or a new one (an
allowed removal deletes it, and the next row of the endpoint needs one again).
"""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.i18n import local_today
from casework.legal import operations as ops
from casework.legal.models import LegalStep
from tests.access.matrix import case_rows, register_arg


def _step_id(world, relation: str):
    """A legal step on the case of the relation."""

    def newest_or_new(case, author):
        found = db.session.scalars(select(LegalStep).where(LegalStep.case_id == case.id)
                                   .order_by(LegalStep.recorded_at.desc()).limit(1)).first()
        return (found or ops.add_step(case, "police_report", {"step_on": local_today()},
                                      author)).id

    return world.make_in_case(relation, newest_or_new)


register_arg("step_id", _step_id, of_case=True)

ROWS = [
    *case_rows("legal.new_step", "GET"),
    # No form: an allowed save is told what is missing (422).
    *case_rows("legal.new_step", "POST"),
    *case_rows("legal.edit_step", "GET"),
    *case_rows("legal.edit_step", "POST"),
    *case_rows("legal.remove_step", "POST"),
]
