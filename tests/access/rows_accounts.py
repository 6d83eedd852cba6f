"""Matrix rows for the accounts pages: login, logout, account, two-step login, team."""

from tests.access.matrix import ALLOW, DENY, LOGIN, expect

EVERYONE = {"anonymous": ALLOW, "paralegal": ALLOW, "service_staff": ALLOW,
            "supervisor": ALLOW, "admin": ALLOW}
STAFF = {**EVERYONE, "anonymous": LOGIN}
SUPERVISOR_ONLY = {"anonymous": LOGIN, "paralegal": DENY, "service_staff": DENY,
                   "supervisor": ALLOW, "admin": DENY}

ROWS = [
    *expect("accounts.login", "GET", **EVERYONE),
    *expect("accounts.login", "POST", **EVERYONE),
    *expect("accounts.language", "POST", **EVERYONE),
    *expect("accounts.logout", "POST", **STAFF),
    *expect("accounts.account", "GET", **STAFF),
    *expect("accounts.password", "POST", **STAFF),
    # After a full login the second-factor steps send the user on to the start page.
    *expect("accounts.second_factor", "GET", **STAFF),
    *expect("accounts.second_factor", "POST", **STAFF),
    *expect("accounts.mfa_enrol", "GET", **STAFF),
    *expect("accounts.mfa_enrol", "POST", **STAFF),
    *expect("accounts.mfa_settings", "GET", **STAFF),
    *expect("accounts.mfa_settings", "POST", **STAFF),
    *expect("accounts.recovery_codes", "POST", **STAFF),
    *expect("accounts.mfa_remove", "POST", **STAFF),
    *expect("accounts.team", "GET", **SUPERVISOR_ONLY),
    *expect("accounts.team_revoke", "POST", {"user_id": "{user_id}"}, **{
        **SUPERVISOR_ONLY,
        "supervisor": {"own_assigned": ALLOW, "own_unassigned": ALLOW, "other_org": DENY},
    }),
    *expect("accounts.team_unlock", "POST", {"user_id": "{user_id}"}, **{
        **SUPERVISOR_ONLY,
        "supervisor": {"own_assigned": ALLOW, "own_unassigned": ALLOW, "other_org": DENY},
    }),
    *expect("accounts.unlock_with_recovery_code", "GET", **EVERYONE),
    *expect("accounts.unlock_with_recovery_code", "POST", **EVERYONE),
]
