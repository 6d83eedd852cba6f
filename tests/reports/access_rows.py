"""Rows of the shared authorisation matrix (tests/access) for the dashboards and statistics."""

from tests.access.matrix import ALLOW, DENY, LOGIN, expect

SUPERVISOR_ONLY = {"anonymous": LOGIN, "paralegal": DENY, "service_staff": DENY,
                   "supervisor": ALLOW, "admin": DENY}

ROWS = [
    # Everyone's start page; the admin's shows accounts and organisations only.
    *expect("reports.home", "GET", anonymous=LOGIN, paralegal=ALLOW, service_staff=ALLOW,
            supervisor=ALLOW, admin=ALLOW),
    *expect("reports.index", "GET", **SUPERVISOR_ONLY),
    *expect("reports.export_tables", "GET", **SUPERVISOR_ONLY),
    *expect("reports.export_simfoni", "GET", **SUPERVISOR_ONLY),
    *expect("reports.export_gbvims", "GET", **SUPERVISOR_ONLY),
    # Village data pilah: supervisors (of organisations with cases in the village, checked by
    # the page itself, tests/reports/test_village_page.py).
    *expect("reports.village_page", "GET", **SUPERVISOR_ONLY),
    *expect("reports.village_export", "GET", **SUPERVISOR_ONLY),
]
