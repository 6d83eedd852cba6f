"""Every page of case management opens for the case's paralegal without an error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", [
    "", "/assessment", "/safety-plan", "/followups", "/services", "/goals/new",
])
def test_case_pages_open(as_paralegal, centre, path):
    """The case page and each plan page answer 200 with the case reference."""
    response = as_paralegal.get(f"/cases/{centre.case.reference}{path}")
    assert response.status_code == 200, response.data[-2000:]
    assert centre.case.reference.encode() in response.data


@pytest.mark.parametrize("path", ["/agenda", "/cases/"])
def test_lists_open(as_paralegal, path):
    """The paralegal's lists open."""
    assert as_paralegal.get(path).status_code == 200
