"""Matrix rows for the case pages: assigned paralegals; supervisors of the tree, with a reason."""

from tests.access.matrix import ALLOW, DENY, LOGIN, case_rows, expect

# Deciding a closure request: supervisors of the tree only (the World's request_id is a
# pending request on the case of the relation); supervision, so no reason first (issue 13).
DECIDER = {"own_assigned": ALLOW, "own_unassigned": ALLOW, "other_org": DENY,
           "other_org_assigned": DENY}
# The reason form is only for a case of her tree she is not assigned to.
REASON_FORM = {"own_assigned": DENY, "own_unassigned": ALLOW, "other_org": DENY,
               "other_org_assigned": DENY}
SUPERVISOR_ONLY = {"anonymous": LOGIN, "paralegal": DENY, "service_staff": DENY, "admin": DENY}

# The World's service staff work at a UPTD PPA, which holds cases: she registers and works
# cases of her own (issue 13); a Dukcapil staff may not (tests/cases/test_unit_intake.py).
ROWS = [
    *expect("cases.index", "GET", anonymous=LOGIN, paralegal=ALLOW, service_staff=ALLOW,
            supervisor=ALLOW, admin=DENY),
    *expect("cases.new", "GET", anonymous=LOGIN, paralegal=ALLOW, service_staff=ALLOW,
            supervisor=DENY, admin=DENY),
    *expect("cases.new", "POST", anonymous=LOGIN, paralegal=ALLOW, service_staff=ALLOW,
            supervisor=DENY, admin=DENY),
    *case_rows("cases.show", "GET"),
    *case_rows("cases.edit", "GET"),
    *case_rows("cases.edit", "POST"),
    *case_rows("cases.note", "GET"),
    *case_rows("cases.note", "POST"),
    *case_rows("cases.close", "GET"),
    *case_rows("cases.close", "POST"),
    *case_rows("cases.reopen", "GET"),
    *case_rows("cases.reopen", "POST"),
    # Assigning shows no survivor data: no reason is asked of the supervisor.
    *case_rows("cases.assign", "GET", paralegal=False, supervisor=ALLOW),
    *case_rows("cases.assign", "POST", paralegal=False, supervisor=ALLOW),
    *case_rows("cases.end_assignment", "POST", paralegal=False, supervisor=ALLOW),
    *expect("cases.decide", "GET", **SUPERVISOR_ONLY, supervisor=DECIDER),
    *expect("cases.decide", "POST", **SUPERVISOR_ONLY, supervisor=DECIDER),
    *expect("cases.break_glass", "GET", **SUPERVISOR_ONLY, supervisor=REASON_FORM),
    *expect("cases.break_glass", "POST", **SUPERVISOR_ONLY, supervisor=REASON_FORM),
]
