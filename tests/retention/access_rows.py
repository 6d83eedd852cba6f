"""Rows of the shared authorisation matrix (tests/access) for purging a case."""

from tests.access.matrix import case_rows

ROWS = [
    # Supervisors only, with a reason for a case she is not assigned to. The World's cases
    # are open: an allowed purge is refused with a message (and purges nothing).
    *case_rows("retention.purge", "GET", paralegal=False),
    *case_rows("retention.purge", "POST", paralegal=False,
               data={"reason": "survivor_request", "confirm": "{reference}"}),
]
