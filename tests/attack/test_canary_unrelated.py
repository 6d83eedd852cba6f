"""SECURITY.md 18, issue 8.5: no response to an admin (even of the survivor's own organisation)
or to a member of staff of an unrelated organisation contains any of the survivor's canaries:
not a page, not a list, not a search, not an export, not a header."""

from __future__ import annotations

from markupsafe import escape

from tests.attack.conftest import CANARY_NAME, CANARY_NIK, CANARY_PHONE, leaked
from tests.attack.test_idor_sweep import _references, targets

SEARCHES = (CANARY_NIK, CANARY_PHONE, CANARY_NAME, "Zyxwvut")


def plain_pages(app) -> list[str]:
    """Every GET endpoint that needs no argument (lists, dashboards, exports, admin screens)."""
    adapter = app.url_map.bind("localhost")
    return sorted({adapter.build(rule.endpoint, {}) for rule in app.url_map.iter_rules()
                   if not rule.arguments and "GET" in rule.methods and rule.endpoint != "static"})


def _leaks(client, requests: list[tuple[str, str, dict]], reference: str) -> list[str]:
    """The requests whose answers carry a canary or the case's reference (the searcher's own
    query, echoed in the search box, and the path asked for are not leaks)."""
    found = []
    for method, url, data in requests:
        answer = client.open(url, method=method, data=data)
        body = answer.get_data(as_text=True)
        if data.get("q"):
            body = body.replace(data["q"], "").replace(escape(data["q"]), "")
        shows_reference = reference in body and reference not in url  # the path is echoed
        if leaked(body) or leaked(str(answer.headers)) or shows_reference:
            found.append(f"{method} {url} {data or ''} -> {answer.status_code}")
    return found


def test_admins_and_unrelated_staff_see_no_canary(app, world, as_user):
    """Admins of both organisations, and A's staff, walk every page and search for her."""
    pages = plain_pages(app)
    assert "/cases/" in pages and len(pages) >= 8
    requests = [("GET", url, {}) for url in pages]
    requests += [("POST", "/search", {"q": term}) for term in SEARCHES]
    with_ids = [(m, u, {}) for _e, m, u in targets(app, world.ids, _references(app, world.ids))]
    people = [world.staff_b["admin"], world.staff_a["admin"], world.staff_a["paralegal"],
              world.staff_a["supervisor"], world.staff_a["service_staff"]]
    failures = []
    for person in people:
        extra = with_ids if person is world.staff_b["admin"] else []
        leaks = _leaks(as_user(person), requests + extra, world.reference)
        failures += [f"{person.username}: {leak}" for leak in leaks]
    assert failures == []


def test_the_canaries_are_findable(world, as_user):
    """The check can fail: the survivor's own paralegal does see them."""
    owner = as_user(world.staff_b["paralegal"])
    page = owner.get(f"/cases/{world.reference}").get_data(as_text=True)
    assert CANARY_NAME in leaked(page)
    found = owner.post("/search", data={"q": CANARY_NIK}).get_data(as_text=True)
    assert world.reference in found
