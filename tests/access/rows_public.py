"""Matrix rows for the endpoints open to everyone: the health and readiness checks and the static files."""

from tests.access.matrix import ALLOW, expect, register_arg

EVERYONE = {"anonymous": ALLOW, "paralegal": ALLOW, "service_staff": ALLOW,
            "supervisor": ALLOW, "admin": ALLOW}

register_arg("filename", lambda _world, _relation: "casework.css")

ROWS = [
    *expect("health.healthz", "GET", **EVERYONE),
    *expect("health.readyz", "GET", **EVERYONE),
    *expect("static", "GET", **EVERYONE),
]
