"""Fixtures of the search tests: two centres of one NGO, a paralegal each, and a supervisor."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from casework.accounts.models import User
from casework.extensions import db


@pytest.fixture
def in_english(app):
    """Switch users to English, so the tests read the English messages."""

    def switch(*users):
        with app.app_context():
            db.session.execute(update(User).where(User.id.in_([u.id for u in users]))
                               .values(locale="en"))
            db.session.commit()

    return switch


@pytest.fixture
def break_glass(app):
    """Give a supervisor a stated reason to open a case she is not assigned to."""

    def grant(supervisor, case):
        from casework.cases.break_glass import open_grant
        from casework.cases.models import Case

        with app.app_context():
            open_grant(db.session.get(User, supervisor.id), db.session.get(Case, case.id),
                       "Checking a duplicate")
            db.session.commit()

    return grant


@pytest.fixture
def centres(make_org, make_user, in_english):
    """An NGO with two centres; a paralegal at each and a supervisor at the NGO (in English)."""
    ngo = make_org("ngo")
    centre, other = make_org(parent=ngo), make_org(parent=ngo)
    people = {
        "paralegal": make_user("paralegal", centre),
        "colleague": make_user("paralegal", centre),
        "stranger": make_user("paralegal", other),
        "supervisor": make_user("supervisor", ngo),
    }
    in_english(*people.values())
    return {**people, "centre": centre}


@pytest.fixture
def search(client, login):
    """Search as a user; returns the response."""

    def do(user, query, page=None):
        login(client, user)
        data = {"q": query}
        if page:
            data["page"] = str(page)
        return client.post("/search", data=data)

    return do
