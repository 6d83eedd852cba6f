"""Fixtures of the case tests, shared with the plans tests: a centre, its people and a case."""

from tests.plans.conftest import as_paralegal, as_supervisor, centre  # noqa: F401
