"""Rows of the shared authorisation matrix (tests/access) for search and duplicates."""

from tests.access.matrix import ALLOW, DENY, LOGIN, case_rows, expect

# The World's service staff work cases at her UPTD PPA (issue 13): she searches her own.
SEARCHERS = {"anonymous": LOGIN, "paralegal": ALLOW, "service_staff": ALLOW,
             "supervisor": ALLOW, "admin": DENY}

ROWS = [
    *expect("search.search", "GET", **SEARCHERS),
    *expect("search.search", "POST", {"q": "3204054507900001"}, **SEARCHERS),
    # An original no one may see: the allowed caller is told so, nothing is marked.
    *case_rows("search.duplicate", "POST", data={"original": "ZZZZ-ZZZZ", "version": "1"}),
]
