"""Closing: a reason and a final note; a supervisor's approval for high risk or open referrals."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.cases.models import Case, CaseClosure, ClosureRequest
from casework.extensions import db
from tests.plans.conftest import grant_reason

CLOSE = {"reason": "needs_met", "note": "Semua kebutuhan terpenuhi.", "version": "1"}
# The assessment that made the case high-risk saved it once more (its risk level).
HIGH_RISK_CLOSE = {**CLOSE, "version": "2"}


def case_row(app, case) -> Case:
    """The case as stored now."""
    with app.app_context():
        row = db.session.get(Case, case.id)
        db.session.expunge(row)
        return row


def assess(app, case, author, risk: str) -> None:
    """Record a needs-and-risk assessment of the case (the only way its risk level is set)."""
    from casework.accounts.models import User
    from casework.plans.operations import latest_assessment, record_assessment

    with app.test_request_context():
        row = db.session.get(Case, case.id)
        latest = latest_assessment(row)
        record_assessment(row, {"risk_level": risk}, str(latest.id) if latest else "",
                          db.session.get(User, author.id))
        db.session.commit()


@pytest.fixture
def high_risk(app, centre, make_case):
    """A case of the centre's paralegal assessed as high risk."""
    case = make_case(centre.paralegal)
    assess(app, case, centre.paralegal, "high")
    return case


def test_closing_without_reason_refused(app, as_paralegal, centre):
    """No reason: the form comes back with a message and the note kept; the case stays open."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/close",
                                 data={**CLOSE, "reason": ""})
    assert response.status_code == 422
    assert "Pilih alasan" in response.data.decode()
    assert "Semua kebutuhan terpenuhi." in response.data.decode()
    assert case_row(app, centre.case).status == "open"


def test_closing_without_final_note_refused(app, as_paralegal, centre):
    """No final note: refused too."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/close",
                                 data={**CLOSE, "note": ""})
    assert response.status_code == 422
    assert case_row(app, centre.case).status == "open"


def test_low_risk_closed_directly_with_history(app, as_paralegal, centre):
    """A case with no grounds for approval closes at once and the closing is kept."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/close", data=CLOSE,
                                 follow_redirects=True)
    assert "Kasus ditutup." in response.data.decode()
    with app.app_context():
        closure = db.session.scalars(select(CaseClosure)).one()
        assert closure.reason == "needs_met" and closure.closed_by_id == centre.paralegal.id
        assert closure.approved_by_id is None


def test_high_risk_needs_approval(app, client, login, centre, high_risk):
    """A paralegal closing a high-risk case only sends a request; the case stays open."""
    login(client, centre.paralegal)
    form = client.get(f"/cases/{high_risk.reference}/close").data.decode()
    assert "persetujuan supervisor" in form and "risikonya tinggi" in form
    response = client.post(f"/cases/{high_risk.reference}/close", data=HIGH_RISK_CLOSE,
                           follow_redirects=True)
    assert "permintaan Anda sudah dikirim" in response.data.decode()
    assert case_row(app, high_risk).status == "open"
    again = client.post(f"/cases/{high_risk.reference}/close", data=HIGH_RISK_CLOSE, follow_redirects=True)
    assert "sudah menunggu keputusan supervisor" in again.data.decode()
    with app.app_context():
        assert len(db.session.scalars(select(ClosureRequest)).all()) == 1


def _request_id(app) -> str:
    """The id of the only closure request."""
    with app.app_context():
        return str(db.session.scalars(select(ClosureRequest.id)).one())


def test_supervisor_approves_and_is_recorded(app, client, login, centre, high_risk):
    """The supervisor sees the request on her view, approves it; who did what is kept."""
    login(client, centre.paralegal).post(f"/cases/{high_risk.reference}/close", data=HIGH_RISK_CLOSE)
    grant_reason(app, centre.supervisor, high_risk)
    login(client, centre.supervisor)
    assert high_risk.reference in client.get("/supervision").data.decode()
    url = f"/cases/{high_risk.reference}/closure-requests/{_request_id(app)}"
    assert client.post(url, data={"decision": "approve"}).status_code == 302
    assert case_row(app, high_risk).status == "closed"
    with app.app_context():
        closure = db.session.scalars(select(CaseClosure)).one()
        assert closure.closed_by_id == centre.paralegal.id
        assert closure.approved_by_id == centre.supervisor.id
        request = db.session.scalars(select(ClosureRequest)).one()
        assert request.status == "approved" and request.decided_by_id == centre.supervisor.id
    assert client.post(url, data={"decision": "approve"}).status_code == 302  # told, no error


def test_supervisor_refuses_with_reason(app, client, login, centre, high_risk):
    """A refusal needs a reason; the case stays open and the paralegal sees why."""
    login(client, centre.paralegal).post(f"/cases/{high_risk.reference}/close", data=HIGH_RISK_CLOSE)
    grant_reason(app, centre.supervisor, high_risk)
    login(client, centre.supervisor)
    url = f"/cases/{high_risk.reference}/closure-requests/{_request_id(app)}"
    assert client.post(url, data={"decision": "refuse"}).status_code == 422
    assert client.post(url, data={"decision": "refuse",
                                  "note": "Ancaman masih ada"}).status_code == 302
    assert case_row(app, high_risk).status == "open"
    login(client, centre.paralegal)
    page = client.get(f"/cases/{high_risk.reference}").data.decode()
    assert "Ancaman masih ada" in page and "ditolak" in page


def test_paralegal_cannot_decide(app, client, login, centre, high_risk):
    """Only a supervisor approves."""
    login(client, centre.paralegal).post(f"/cases/{high_risk.reference}/close", data=HIGH_RISK_CLOSE)
    url = f"/cases/{high_risk.reference}/closure-requests/{_request_id(app)}"
    assert client.post(url, data={"decision": "approve"}).status_code == 403
    assert case_row(app, high_risk).status == "open"


def test_supervisor_closes_high_risk_herself(app, client, login, centre, high_risk):
    """A supervisor closing a high-risk case is its approver."""
    grant_reason(app, centre.supervisor, high_risk)
    login(client, centre.supervisor)
    assert client.post(f"/cases/{high_risk.reference}/close", data=HIGH_RISK_CLOSE).status_code == 302
    assert case_row(app, high_risk).status == "closed"
    with app.app_context():
        assert db.session.scalars(select(CaseClosure)).one().approved_by_id == centre.supervisor.id


def test_open_referrals_need_approval(app, as_paralegal, centre, monkeypatch):
    """With a referral still open, the paralegal's closing becomes a request."""
    import casework.referrals.operations as referrals

    monkeypatch.setattr(referrals, "open_referral_count", lambda case: 1)
    response = as_paralegal.post(f"/cases/{centre.case.reference}/close", data=CLOSE)
    assert response.status_code == 302
    assert case_row(app, centre.case).status == "open"
    with app.app_context():
        assert db.session.scalars(select(ClosureRequest)).one().grounds == "open_referrals"


def test_stale_close_refused(app, as_paralegal, centre):
    """A closing form opened before someone else's save is refused."""
    as_paralegal.post(f"/cases/{centre.case.reference}/assessment",
                      data={"based_on": "", "risk_level": "low"})
    response = as_paralegal.post(f"/cases/{centre.case.reference}/close", data=CLOSE)
    assert response.status_code == 409
    page = response.data.decode()
    assert "Orang lain sudah menyimpan kasus ini" in page
    assert "Semua kebutuhan terpenuhi." in page, "the final note typed is kept"
    assert case_row(app, centre.case).status == "open"
    again = as_paralegal.post(f"/cases/{centre.case.reference}/close",
                              data={**CLOSE, "version": str(case_row(app, centre.case).version)})
    assert again.status_code == 302 and case_row(app, centre.case).status == "closed"


def test_waiting_request_answered_when_supervisor_closes(app, client, login, centre, high_risk):
    """A request still waiting when the supervisor closes the case herself is marked answered."""
    login(client, centre.paralegal).post(f"/cases/{high_risk.reference}/close", data=HIGH_RISK_CLOSE)
    grant_reason(app, centre.supervisor, high_risk)
    login(client, centre.supervisor)
    client.post(f"/cases/{high_risk.reference}/close",
                data={**HIGH_RISK_CLOSE, "reason": "transferred"})
    with app.app_context():
        assert db.session.scalars(select(ClosureRequest)).one().status == "superseded"
    page = client.get(f"/cases/{high_risk.reference}").data.decode()
    assert "ditutup dengan cara lain" in page
