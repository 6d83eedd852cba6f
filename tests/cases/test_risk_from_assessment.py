"""A case's risk level comes only from its needs-and-risk assessments: the edit form cannot
lower it, so a high-risk case cannot slip past the supervisor's approval to close."""

from __future__ import annotations

from sqlalchemy import func, select

from casework.cases.models import Case, ClosureRequest
from casework.extensions import db
from casework.plans.models import Assessment
from tests.cases.test_closure import CLOSE, assess, case_row
from tests.conftest import case_data


def test_edit_cannot_lower_the_risk(app, as_paralegal, centre):
    """A posted risk level is ignored; the assessment's stands, and closing asks approval."""
    assess(app, centre.case, centre.paralegal, "high")
    version = case_row(app, centre.case).version
    form = {key: value for key, value in case_data(name="Siti Aminah").items()
            if not isinstance(value, bool)}
    response = as_paralegal.post(f"/cases/{centre.case.reference}/edit",
                                 data={**form, "risk_level": "low", "version": str(version)})
    assert response.status_code == 302
    assert case_row(app, centre.case).risk_level == "high"
    closing = as_paralegal.post(f"/cases/{centre.case.reference}/close",
                                data={**CLOSE, "version": str(case_row(app, centre.case).version)})
    assert closing.status_code == 302
    assert case_row(app, centre.case).status == "open"
    with app.app_context():
        assert db.session.scalar(select(func.count(ClosureRequest.id))) == 1


def test_intake_sets_no_risk_without_an_assessment(app, as_paralegal, centre):
    """Registering a case records no risk level; the first assessment gives it one."""
    assert case_row(app, centre.case).risk_level is None
    assess(app, centre.case, centre.paralegal, "medium")
    with app.app_context():
        assert db.session.get(Case, centre.case.id).risk_level == "medium"
        assert db.session.scalar(select(func.count(Assessment.id))) == 1
