"""Find every form on a page and fill every field, so attacks reach forms other people add."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from casework.i18n import local_today

# Forms that end the session or the case, or change the language: never filled in passing.
SKIPPED_ACTIONS = re.compile(r"/logout$|/language$|/purge|/delete|/revoke|/disable|/deactivate")
PAST_DAY = "2024-03-15"  # valid for dates that must not be in the future
FUTURE_DAY = (local_today() + timedelta(days=30)).isoformat()
LAST_ACTIONS = re.compile(r"/close$|/withdraw|/decline|/duplicate")


@dataclass
class Form:
    """One POST form: where it goes, and its fields with the values to send."""

    action: str
    text_fields: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    selects: dict[str, list[str]] = field(default_factory=dict)
    boxes: dict[str, list[str]] = field(default_factory=dict)


class FormParser(HTMLParser):
    """Collect the POST forms of a page with their inputs, text areas and selects."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note forms and the fields inside them."""
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.current = Form(a.get("action") or self.page_path)
                self.forms.append(self.current)
            return
        if self.current is None:
            return
        if tag == "option" and self.select:
            self.current.selects[self.select].append(a.get("value", ""))
        if not a.get("name"):
            return
        if tag == "input":
            self._input(a)
        elif tag == "textarea":
            self.current.text_fields.append(a["name"])
        elif tag == "select":
            self.select = a["name"]
            self.current.selects.setdefault(a["name"], [])

    def handle_endtag(self, tag: str) -> None:
        """Close forms and selects."""
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None

    def _input(self, a: dict[str, str]) -> None:
        """Sort an input by type."""
        kind, name = a.get("type", "text").lower(), a["name"]
        if kind in ("text", "search", "tel", "email", "url", ""):
            self.current.text_fields.append(name)
        elif kind in ("checkbox", "radio"):
            self.current.boxes.setdefault(name, []).append(a.get("value", "y"))
        elif kind == "date":
            future = re.search(r"next|due|until|review|follow", name)
            self.current.values[name] = FUTURE_DAY if future else PAST_DAY
            if "birth" in name:
                self.current.values[name] = "1990-05-17"  # an adult
        elif kind == "number":
            self.current.values[name] = "1"
        elif kind == "hidden":
            self.current.values[name] = a.get("value", "")


def page_forms(html: str, page_path: str) -> list[Form]:
    """The POST forms of a page worth filling, those that end things last."""
    parser = FormParser(page_path)
    parser.feed(html)
    forms = [f for f in parser.forms if not SKIPPED_ACTIONS.search(f.action)]
    return sorted(forms, key=lambda f: bool(LAST_ACTIONS.search(f.action)))


def filled(form: Form, text_for, choices: dict[str, str] | None = None) -> dict[str, Any]:
    """The form's data: text_for(name) in every text field, a real choice in every select
    (or the one given in choices)."""
    data: dict[str, Any] = dict(form.values)
    for name in form.text_fields:
        data[name] = text_for(name)
    for name, options in form.selects.items():
        real = [o for o in options if o]
        data[name] = real[0] if real else ""
        if choices and choices.get(name) in options:
            data[name] = choices[name]
    for name, values in form.boxes.items():
        data[name] = values if len(values) > 1 else values[0]
    return data


def submit_every_form(client: FlaskClient, path: str, text_for, rounds: int = 1,
                      choices: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    """GET a page, fill and POST each of its forms (re-reading the page between posts);
    return each answer as (action, status, body)."""
    statuses: list[tuple[str, int, str]] = []
    done: set[str] = set()
    for _ in range(rounds):
        page = client.get(path)
        if page.status_code != 200:
            return statuses
        for form in page_forms(page.get_data(as_text=True), path):
            if form.action in done:
                continue
            done.add(form.action)
            answer = client.post(form.action, data=filled(form, text_for, choices))
            statuses.append((form.action, answer.status_code, answer.get_data(as_text=True)))
            page = client.get(path)
            if page.status_code != 200:
                break
    return statuses


def object_ids(app: Flask, case_id: uuid.UUID) -> dict[str, set]:
    """Every row id that belongs to one case, by table (through case_id and referral_id)."""
    from sqlalchemy import select

    from casework.extensions import db

    found: dict[str, set] = {"case_file": {case_id}}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if "case_id" in table.c and "id" in table.c:
                ids = set(db.session.scalars(select(table.c.id).where(table.c.case_id == case_id)))
                if ids:
                    found[table.name] = ids
        case_file = db.metadata.tables["case_file"]
        found["organisation"] = set(db.session.scalars(
            select(case_file.c.organisation_id).where(case_file.c.id == case_id)))
        found["user_account"] = set(db.session.scalars(
            select(case_file.c.created_by_id).where(case_file.c.id == case_id)))
        referrals = found.get("referral", set())
        for table in db.metadata.sorted_tables:
            if "referral_id" in table.c and "id" in table.c and referrals:
                ids = set(db.session.scalars(
                    select(table.c.id).where(table.c.referral_id.in_(referrals))))
                if ids:
                    found.setdefault(table.name, set()).update(ids)
        db.session.rollback()
    return found
