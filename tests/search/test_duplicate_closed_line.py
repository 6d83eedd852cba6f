"""Issue 16, item 8: a case marked duplicate shows why it is closed, not empty brackets."""

from __future__ import annotations

import re

from sqlalchemy import select

from casework.cases.models import Case
from casework.extensions import db


def test_duplicates_closed_line_gives_its_reason(app, client, login, make_user, make_case):
    paralegal = make_user("paralegal")
    original, copy = make_case(paralegal), make_case(paralegal)
    with app.app_context():
        version = db.session.scalar(select(Case.version).where(Case.id == copy.id))
    login(client, paralegal)
    marked = client.post(f"/cases/{copy.reference}/duplicate",
                         data={"original": original.reference, "version": str(version)})
    assert marked.status_code == 302
    page = client.get(f"/cases/{copy.reference}").get_data(as_text=True)
    line = re.search(r'<span id="closed-line">(.*?)</span>', page, re.S).group(1)
    assert "()" not in line
    assert "duplikat" in line.lower()
