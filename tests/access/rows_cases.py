"""Matrix rows for the case pages: assigned paralegals; supervisors of the tree, with a reason."""

from tests.access.matrix import ALLOW, DENY, LOGIN, NOT_FOUND, REASON, case_rows, expect

ROWS = [
    *expect("cases.index", "GET", anonymous=LOGIN, paralegal=ALLOW, service_staff=DENY,
            supervisor=ALLOW, admin=DENY),
    *expect("cases.new", "GET", anonymous=LOGIN, paralegal=ALLOW, service_staff=DENY,
            supervisor=DENY, admin=DENY),
    *expect("cases.new", "POST", anonymous=LOGIN, paralegal=ALLOW, service_staff=DENY,
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
    # The World holds no closure request: the supervisor's own case answers "not found".
    *expect("cases.decide", "GET", anonymous=LOGIN, paralegal=DENY, service_staff=DENY,
            admin=DENY, supervisor={"own_assigned": NOT_FOUND, "own_unassigned": REASON,
                                    "other_org": DENY}),
    *expect("cases.decide", "POST", anonymous=LOGIN, paralegal=DENY, service_staff=DENY,
            admin=DENY, supervisor={"own_assigned": NOT_FOUND, "own_unassigned": REASON,
                                    "other_org": DENY}),
    # The reason form is only for a case of her tree she is not assigned to.
    *expect("cases.break_glass", "GET", anonymous=LOGIN, paralegal=DENY, service_staff=DENY,
            admin=DENY, supervisor={"own_assigned": DENY, "own_unassigned": ALLOW,
                                    "other_org": DENY}),
    *expect("cases.break_glass", "POST", anonymous=LOGIN, paralegal=DENY, service_staff=DENY,
            admin=DENY, supervisor={"own_assigned": DENY, "own_unassigned": ALLOW,
                                    "other_org": DENY}),
]
