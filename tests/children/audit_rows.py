"""Audit coverage (tests/audit) of a child's guardian and interview pages."""

from __future__ import annotations

from sqlalchemy import update

from casework.cases.models import Survivor
from casework.extensions import db
from casework.i18n import local_today
from tests.audit.coverage import audited


def _a_child(world, _values) -> dict:
    """The World's case becomes a girl of 13-17, so a guardian may be recorded."""
    with world.app.app_context():
        db.session.execute(update(Survivor).where(
            Survivor.case_id == world.cases["own_assigned"].id).values(age_band="13-17"))
        db.session.commit()
    return {}


GUARDIAN = {"name": "Ibu Wali Contoh", "relationship": "mother", "perpetrator_link": "none"}
INTERVIEW = {"interviewed_on": local_today().isoformat(), "adaptations": "drawing_play",
             "present": "Bibinya", "note": "Bercerita dengan gambar."}

ROWS = [
    audited("children.guardian", "GET", "view", object_type="case"),
    audited("children.guardian", "POST", "create", object_type="guardian", setup=_a_child,
            data=GUARDIAN),
    audited("children.interview", "GET", "view", object_type="case"),
    audited("children.interview", "POST", "create", object_type="child_interview",
            setup=_a_child, data=INTERVIEW),
]
