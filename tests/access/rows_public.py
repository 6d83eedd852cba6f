"""Matrix rows for the two endpoints open to everyone: the health check and the static files."""

from tests.access.matrix import ALLOW, expect, register_arg

EVERYONE = {"anonymous": ALLOW, "paralegal": ALLOW, "service_staff": ALLOW,
            "supervisor": ALLOW, "admin": ALLOW}

register_arg("filename", lambda _world, _relation: "casework.css")

ROWS = [
    *expect("health.healthz", "GET", **EVERYONE),
    *expect("static", "GET", **EVERYONE),
]
