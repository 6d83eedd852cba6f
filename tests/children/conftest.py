"""Fixtures of the children tests: a centre, its paralegal and supervisor, a unit, a girl's
case and a woman's case."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture
def kids(make_org, make_user, make_case) -> SimpleNamespace:
    """A community centre under an NGO, a UPTD PPA, a girl of 13-17 and a woman."""
    ngo = make_org("ngo", region="3204")
    centre = make_org("community_centre", parent=ngo, region="320405")
    uptd = make_org("uptd_ppa", region="3204")
    paralegal = make_user("paralegal", centre)
    child = make_case(paralegal, name="Putri Anak", age_band="13-17",
                      consent_given_by="guardian", guardian_note="Ibu kandung")
    adult = make_case(paralegal, name="Siti Dewasa")
    return SimpleNamespace(ngo=ngo, centre=centre, uptd=uptd, paralegal=paralegal,
                           supervisor=make_user("supervisor", ngo),
                           uptd_staff=make_user("service_staff", uptd), child=child, adult=adult)


@pytest.fixture
def as_user(app: Flask, login) -> Callable[[Any], FlaskClient]:
    """A fresh client logged in as the given user."""

    def make(user) -> FlaskClient:
        return login(app.test_client(), user)

    return make


GUARDIAN = {"name": "Ibu Ratna Wali", "relationship": "mother", "perpetrator_link": "none"}
