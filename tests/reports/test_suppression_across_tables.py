"""Tables of the same cases hide their shared totals alike, so one cannot be read from another.

The survivors by sex are the sex table's rows and the totals row of every table by sex: a total
one table must hide (to protect a small count inside it) is hidden in all of them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.reports.suppression import exposed
from casework.reports.tables import ReportTable, build_table, suppress_alike

SEXES = {"female": "Perempuan", "male": "Laki-laki"}
AGES = {"6-12": "6–12", "13-17": "13–17", "25-44": "25–44"}
PLACES = {"household": "Rumah tangga", "school": "Sekolah"}


def _by_sex(key: str, rows: dict, counts: dict) -> ReportTable:
    """A table of cases by a category and sex, suppressed on its own."""
    return build_table(key, key, counts, rows, SEXES, 5, hide_small=True)


def _sex_table(girls: int, boys: int) -> ReportTable:
    """Survivors by sex, one column."""
    counts = {("female", "all"): girls, ("male", "all"): boys}
    return build_table("sex", "sex", counts, SEXES, {"all": "Semua"}, 5, hide_small=True)


def _hidden_sexes(table: ReportTable) -> set[str]:
    """Which survivors-by-sex totals the table hides (and "all" for the grand total)."""
    grid = table.grid
    if table.key == "sex":
        hidden = {code for r, (code, _l) in enumerate(table.rows) if (r, 1) in grid.hidden}
        return hidden | ({"all"} if (grid.height - 1, 1) in grid.hidden else set())
    last = grid.height - 1
    hidden = {code for c, (code, _l) in enumerate(table.columns) if (last, c) in grid.hidden}
    return hidden | ({"all"} if (last, grid.width - 1) in grid.hidden else set())


@pytest.fixture
def request_context(app):
    """Labels and totals are translated, so tables are built inside a request."""
    with app.test_request_context():
        yield


def test_a_total_one_table_must_hide_is_hidden_in_every_table(request_context):
    """Seven boys, six aged 6–12 and one 13–17: the age table must hide the boys' total (else
    the "x" beside the "<5" is 6 and the "<5" is 1), so the other tables hide it too."""
    ages = _by_sex("age", AGES, {("6-12", "male"): 6, ("13-17", "male"): 1,
                                 ("25-44", "female"): 30, ("13-17", "female"): 12})
    places = _by_sex("place", PLACES, {("household", "male"): 7, ("household", "female"): 20,
                                       ("school", "female"): 22})
    sexes = _sex_table(42, 7)
    assert "male" in _hidden_sexes(ages)
    assert "male" not in _hidden_sexes(places)  # on their own they would disagree
    tables = [sexes, ages, places]
    suppress_alike(tables)
    assert {frozenset(_hidden_sexes(table)) for table in tables} == {
        frozenset(_hidden_sexes(ages))}
    assert "male" in _hidden_sexes(places) and "male" in _hidden_sexes(sexes)
    for table in tables:
        assert exposed(table.grid, 5) == []


def test_tables_without_a_shared_problem_keep_what_they_showed(request_context):
    """Suppressing together changes nothing when every table hides the same totals already."""
    ages = _by_sex("age", AGES, {("6-12", "female"): 3, ("25-44", "female"): 30,
                                 ("13-17", "male"): 10, ("25-44", "male"): 10})
    sexes = _sex_table(33, 20)
    before = [set(ages.grid.hidden), set(sexes.grid.hidden)]
    suppress_alike([sexes, ages])
    assert [ages.grid.hidden, sexes.grid.hidden] == before


def _split(draw, totals: list[int], rows: int) -> list[list[int]]:
    """Another table with the same column totals: each total shared out among the rows."""
    table = [[0] * len(totals) for _ in range(rows)]
    for c, total in enumerate(totals):
        cuts = sorted(draw(st.lists(st.integers(0, total), min_size=rows - 1,
                                    max_size=rows - 1)))
        for r, (low, high) in enumerate(zip([0, *cuts], [*cuts, total], strict=True)):
            table[r][c] = high - low
    return table


# The app is only used for a request context here: sharing it between examples is harmless.
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_tables_sharing_totals_hide_the_same_ones(app, data):
    """Any two tables by sex with the same totals, and the sex table, hide the same totals."""
    count = st.one_of(st.integers(0, 7), st.integers(0, 25))
    first = data.draw(st.lists(st.lists(count, min_size=2, max_size=2), min_size=1, max_size=3))
    totals = [sum(row[c] for row in first) for c in range(2)]
    second = _split(data.draw, totals, data.draw(st.integers(1, 3)))
    with app.test_request_context():
        tables = [_sex_table(*totals)]
        for key, rows in (("a", first), ("b", second)):
            labels = {f"{key}{r}": f"{key}{r}" for r in range(len(rows))}
            counts = {(f"{key}{r}", sex): rows[r][c] for r in range(len(rows))
                      for c, sex in enumerate(SEXES)}
            tables.append(_by_sex(key, labels, counts))
        suppress_alike(tables)
        assert len({frozenset(_hidden_sexes(table)) for table in tables}) == 1
        for table in tables:
            assert exposed(table.grid, 5) == []


def test_a_category_total_stays_in_its_own_table(request_context):
    """Twelve cases of "other" place must be hidden to protect the small counts beside them;
    twelve cases of "other" occupation are another count, and a table of jobs with no small
    count hides nothing."""
    places = build_table("place", "place", {
        ("home", "female"): 12, ("home", "male"): 8, ("school", "female"): 3,
        ("school", "male"): 1, ("other", "female"): 12, ("other", "male"): 0,
    }, {"home": "Rumah", "school": "Sekolah", "other": "Lainnya"}, SEXES, 5, hide_small=False)
    jobs = build_table("occupation", "occupation", {
        ("other", "female"): 12, ("other", "male"): 0, ("farmer", "female"): 15,
        ("farmer", "male"): 9,
    }, {"farmer": "Petani", "other": "Lainnya"}, SEXES, 5, hide_small=False)
    suppress_alike([places, jobs])
    assert (2, 2) in places.grid.hidden  # the place "other" total
    assert jobs.grid.hidden == set()
    assert exposed(places.grid, 5) == []
