"""Only supervisors reach the statistics and exports; everyone reaches their own home page."""

from __future__ import annotations

import pytest

PATHS = ["/reports/", "/reports/export/tables.csv", "/reports/export/simfoni.csv",
         "/reports/export/gbvims.csv"]


@pytest.mark.parametrize("role", ["paralegal", "service_staff", "admin"])
@pytest.mark.parametrize("path", PATHS)
def test_other_roles_get_404(client, login, make_user, make_org, role, path):
    """Paralegals, service staff and admins are refused the statistics and exports."""
    org = make_org("dinas_sosial" if role == "service_staff" else "community_centre")
    login(client, make_user(role, org))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/", *PATHS])
def test_anonymous_is_sent_to_login(client, path):
    """Nobody reaches a report without logging in."""
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_supervisor_pages_are_not_cached(client, login, network):
    """Statistics and exports are sent with no-store."""
    login(client, network["ngo_supervisor"])
    for path in PATHS:
        assert client.get(path).headers["Cache-Control"] == "no-store"
