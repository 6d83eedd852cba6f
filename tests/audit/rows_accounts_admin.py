"""Account and admin calls, as (endpoint, method) pairs: none shows survivor data. Their own
entries (login, password_ok, login_failed, logout, mfa_*, csrf_failed, session_refused,
revoke_sessions...) are tested in tests/accounts and tests/admin."""

OWN_ACCOUNT = "the user's own account"
SECOND_FACTOR = "the user's own second factor"
ORGANISATIONS = "organisations only"
STAFF_ACCOUNTS = "staff accounts only"

NO_SURVIVOR_DATA = {
    ("accounts.login", "GET"): "the login form",
    ("accounts.login", "POST"): "logging in (login and login_failed are tested in tests/accounts)",
    ("accounts.logout", "POST"): "ends the session (logout is tested in tests/accounts)",
    ("accounts.language", "POST"): "sets the language",
    ("accounts.account", "GET"): OWN_ACCOUNT,
    ("accounts.password", "POST"): "the user's own password",
    ("accounts.mfa_enrol", "GET"): SECOND_FACTOR,
    ("accounts.mfa_enrol", "POST"): SECOND_FACTOR,
    ("accounts.mfa_remove", "POST"): SECOND_FACTOR,
    ("accounts.mfa_settings", "GET"): SECOND_FACTOR,
    ("accounts.mfa_settings", "POST"): SECOND_FACTOR,
    ("accounts.recovery_codes", "POST"): "the user's own recovery codes",
    ("accounts.second_factor", "GET"): "the login's second step",
    ("accounts.second_factor", "POST"): "the login's second step",
    ("accounts.team", "GET"): "a supervisor's staff list: names of staff, no case",
    ("accounts.team_revoke", "POST"): "ends a staff member's sessions",
    ("accounts.team_unlock", "POST"): "lifts a staff member's login lock (unlock, tested in "
                                      "tests/accounts/test_lockout_release.py)",
    ("accounts.unlock_with_recovery_code", "GET"): "the form to lift one's own login lock",
    ("accounts.unlock_with_recovery_code", "POST"): "lifts one's own login lock with a recovery "
                                                    "code (unlock / login_failed, tested in "
                                                    "tests/accounts)",
    ("admin.index", "GET"): "admins never see survivor data",
    ("admin.organisations", "GET"): ORGANISATIONS,
    ("admin.organisation", "GET"): ORGANISATIONS,
    ("admin.organisation", "POST"): ORGANISATIONS,
    ("admin.organisation_new", "GET"): ORGANISATIONS,
    ("admin.organisation_new", "POST"): ORGANISATIONS,
    ("admin.users", "GET"): STAFF_ACCOUNTS,
    ("admin.user", "GET"): STAFF_ACCOUNTS,
    ("admin.user_new", "GET"): STAFF_ACCOUNTS,
    ("admin.user_new", "POST"): STAFF_ACCOUNTS,
    ("admin.user_activate", "POST"): STAFF_ACCOUNTS,
    ("admin.user_deactivate", "POST"): STAFF_ACCOUNTS,
    ("admin.user_reset_mfa", "POST"): STAFF_ACCOUNTS,
    ("admin.user_reset_password", "POST"): STAFF_ACCOUNTS,
    ("admin.user_revoke", "POST"): STAFF_ACCOUNTS,
}
