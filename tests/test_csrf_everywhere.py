"""SECURITY.md 13: every POST of the url map, sent without its CSRF token, is refused with a
400 before anything else runs, and is logged; a forged form changes nothing."""

from __future__ import annotations

import uuid

import pytest
from flask import url_for
from sqlalchemy import func, select

from casework.audit.models import AuditEntry
from casework.cases.models import Case, CaseNote
from casework.extensions import db


@pytest.fixture
def app_config() -> dict:
    """CSRF protection on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


def _posts(app) -> list[str]:
    """The URL of every POST rule, its path arguments filled in."""
    values = {"reference": "AAAA-AAAA", "filename": "casework.css"}
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "POST" in rule.methods:
                arguments = {name: values.get(name, str(uuid.uuid4())) for name in rule.arguments}
                urls.append(url_for(rule.endpoint, **arguments))
    return sorted(set(urls))


def test_every_post_without_a_token_is_refused(app, client, login, make_user, make_case):
    """Logged in as the paralegal who holds a case: each POST answers 400, nothing changes."""
    paralegal = make_user("paralegal")
    case = make_case(paralegal)
    login(client, paralegal)
    urls = [url.replace("AAAA-AAAA", case.reference) for url in _posts(app)]
    assert len(urls) > 40
    answers = {url: client.post(url, data={"body": "palsu"}).status_code for url in urls}
    assert {url: status for url, status in answers.items() if status != 400} == {}
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 1
        assert db.session.scalar(select(func.count(CaseNote.id))) == 0
        refused = db.session.scalar(select(func.count()).where(AuditEntry.action == "csrf_failed"))
    assert refused == len(urls)
