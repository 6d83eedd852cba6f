"""SECURITY.md 22: markup typed into any text field of any form comes back escaped,
on the page that answers the form and on every page that shows the value later."""

from __future__ import annotations

from tests.attack.conftest import CANARY_NIK, RAW_MARKUP, case_pages

ESCAPED = "&lt;script&gt;alert("


def test_every_form_answer_escapes_markup(world):
    """The answers to every form (saved, or refused and shown again) carry no live markup."""
    assert len(world.answers) >= 3, "expected several forms on the case pages"
    assert not [status for _a, status, _b in world.answers if status >= 500]
    for action, _status, body in world.answers:
        assert not RAW_MARKUP.search(body), f"raw markup in the answer to {action}"


def test_every_page_showing_the_case_escapes_markup(world, as_user):
    """The case, its sub-pages, the list and the search show the text, escaped, never live."""
    owner = as_user(world.staff_b["paralegal"])
    pages = {path: owner.get(path) for path in [*case_pages(owner, world.reference), "/cases/"]}
    pages["search"] = owner.post("/search", data={"q": CANARY_NIK})
    shown = 0
    for path, answer in pages.items():
        body = answer.get_data(as_text=True)
        assert answer.status_code < 500, path
        assert not RAW_MARKUP.search(body), f"raw markup on {path}"
        shown += body.count(ESCAPED)
    assert shown >= 10, "the typed markup should be shown (escaped) on the case pages"
