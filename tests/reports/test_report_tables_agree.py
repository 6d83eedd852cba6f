"""The report's tables by sex hide the same totals: a boys' total one table must hide (to
protect a small count inside it) is hidden in the sex table and every other table too."""

from __future__ import annotations

from datetime import date

from flask_babel import get_timezone

from casework.reports.filters import ReportFilter
from casework.reports.report import all_tables
from tests.reports.conftest import local_today
from tests.reports.test_suppression_across_tables import _hidden_sexes

BY_SEX = {"sex", "gbv_type", "place", "relationship", "age_band", "disability", "education",
          "occupation", "marital_status", "district", "month"}


def test_tables_by_sex_hide_the_same_totals(app, network, add_cases):
    """Seven boys, six aged 6-12 and one 13-17, beside a dozen girls: whatever the age table
    must hide to protect the one, no other table shows it."""
    author = network["north_paralegal"]
    add_cases(author, 12, sex="female", age_band="25-44")
    add_cases(author, 6, sex="male", age_band="6-12")
    add_cases(author, 1, sex="male", age_band="13-17")
    with app.test_request_context():
        report = ReportFilter(date(local_today().year, 1, 1), local_today(),
                              frozenset({network["north"].id}), zone=get_timezone())
        tables = {t.key: t for t in all_tables(report, hide_small=True) if t.key in BY_SEX}
    hidden = {key: _hidden_sexes(table) for key, table in tables.items()}
    assert hidden["age_band"], "the age table must hide a total to protect the single boy"
    assert len({frozenset(found) for found in hidden.values()}) == 1, hidden
