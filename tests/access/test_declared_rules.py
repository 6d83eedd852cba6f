"""SECURITY.md 14: every endpoint in app.url_map declares who may call it; undeclared is denied."""

from __future__ import annotations

from flask import Flask

from casework.accounts.access import CASEWORKER, SECOND_FACTOR, SIGNED_IN
from casework.accounts.models import ROLES

KNOWN_WORDS = {"public", SIGNED_IN, SECOND_FACTOR}
# Anonymous visitors may reach only these: keep the public list short.
PUBLIC_ENDPOINTS = {"accounts.login", "accounts.language", "accounts.unlock_with_recovery_code",
                    "health.healthz", "health.readyz", "static"}


def undeclared_endpoints(app: Flask) -> list[str]:
    """Endpoints whose view carries no valid access rule."""
    bad = []
    for rule in app.url_map.iter_rules():
        declared = getattr(app.view_functions[rule.endpoint], "access_rule", None)
        valid = declared in KNOWN_WORDS or (
            isinstance(declared, frozenset) and declared and declared <= set(ROLES) | {CASEWORKER}
        )
        if not valid:
            bad.append(rule.endpoint)
    return sorted(bad)


def test_every_endpoint_declares_an_access_rule(app):
    """Each view of every domain, now and later, names its roles or is marked public."""
    assert undeclared_endpoints(app) == []


def test_public_list_is_short(app):
    """Only the login, language, health and static endpoints are open to anonymous requests."""
    public = {rule.endpoint for rule in app.url_map.iter_rules()
              if getattr(app.view_functions[rule.endpoint], "access_rule", None) == "public"}
    assert public == PUBLIC_ENDPOINTS


def test_an_undeclared_endpoint_is_caught_and_denied(app, client, login, make_user):
    """A view added without a rule fails the walk above and the gate refuses it to everyone."""
    app.add_url_rule("/forgotten", "forgotten", lambda: "survivor data")
    assert undeclared_endpoints(app) == ["forgotten"]
    for role in ROLES:
        login(client, make_user(role))
        response = client.get("/forgotten")
        assert response.status_code == 404 and b"survivor data" not in response.data
    anonymous = app.test_client().get("/forgotten")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
