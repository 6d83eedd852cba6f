"""Rows of the shared authorisation matrix (tests/access) for a child's guardian and interviews."""

from __future__ import annotations

from tests.access.matrix import case_rows

ROWS = [
    *case_rows("children.guardian", "GET"),
    *case_rows("children.guardian", "POST",
               data={"name": "Ibu Wali", "relationship": "mother", "perpetrator_link": "none"}),
    *case_rows("children.interview", "GET"),
    *case_rows("children.interview", "POST",
               data={"interviewed_on": "2026-01-05", "adaptations": "drawing_play",
                     "present": "Bibi", "note": "Tenang."}),
]
