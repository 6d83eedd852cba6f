"""Fixtures of the accommodation tests: a centre, its paralegal, a UPTD PPA with staff."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture
def place(make_org, make_user) -> SimpleNamespace:
    """A community centre under an NGO, and a UPTD PPA of its regency with one staff."""
    ngo = make_org("ngo", region="3204")
    centre = make_org("community_centre", parent=ngo, region="320405")
    uptd = make_org("uptd_ppa", region="3204")
    return SimpleNamespace(centre=centre, uptd=uptd, paralegal=make_user("paralegal", centre),
                           uptd_staff=make_user("service_staff", uptd))


@pytest.fixture
def as_user(app: Flask, login) -> Callable[[Any], FlaskClient]:
    """A fresh client logged in as the given user."""

    def make(user) -> FlaskClient:
        return login(app.test_client(), user)

    return make


def intake(**overrides: Any) -> dict[str, Any]:
    """A valid new-case form."""
    data = {"consent_record": "y", "consent_given_by": "survivor", "consent_statistics": "y",
            "name": "Wulan Sari", "sex": "female", "age_band": "25-44", "forms": ["physical"],
            "gbv_type": "physical_assault", "intake_channel": "walk_in",
            "may_leave_message": "unknown"}
    data.update(overrides)
    return data
