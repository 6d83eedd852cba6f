"""Matrix rows for the admin screens: admins only, every organisation's accounts."""

from tests.access.matrix import ALLOW, DENY, LOGIN, expect

ADMIN_ONLY = {"anonymous": LOGIN, "paralegal": DENY, "service_staff": DENY,
              "supervisor": DENY, "admin": ALLOW}
ENDPOINTS = (
    ("admin.index", "GET"), ("admin.organisations", "GET"),
    ("admin.organisation_new", "GET"), ("admin.organisation_new", "POST"),
    ("admin.organisation", "GET"), ("admin.organisation", "POST"),
    ("admin.users", "GET"), ("admin.user_new", "GET"), ("admin.user_new", "POST"),
    ("admin.user", "GET"), ("admin.user_deactivate", "POST"), ("admin.user_activate", "POST"),
    ("admin.user_reset_password", "POST"), ("admin.user_reset_mfa", "POST"),
    ("admin.user_revoke", "POST"), ("admin.failed_logins", "GET"), ("admin.break_glass", "GET"),
)

ROWS = [row for endpoint, method in ENDPOINTS for row in expect(endpoint, method, **ADMIN_ONLY)]
