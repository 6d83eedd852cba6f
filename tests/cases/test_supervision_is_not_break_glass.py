"""Assigning a case and deciding a closure request are supervision (issue 13): a supervisor
does them without stating a break-glass reason, and her access log shows them as what they
are ('assign', 'approve_close'), never flagged as an opening without assignment."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases.models import ClosureRequest
from casework.extensions import db
from tests.cases.test_closure import HIGH_RISK_CLOSE, assess


def _entries(client, **args) -> list[str]:
    """The entries of the access log page the supervisor reads, one block of HTML each."""
    query = "&".join(f"{key}={value}" for key, value in args.items())
    page = client.get(f"/audit/?{query}")
    assert page.status_code == 200
    return page.get_data(as_text=True).split('<li class="note')[1:]


def test_assign_and_closure_decision_are_logged_unflagged(app, client, login, make_org,
                                                          make_user, make_case):
    """Neither needs a reason first; the log holds each under its own action, unflagged, and
    nothing of the case is flagged as a break-glass opening."""
    ngo = make_org("ngo")
    centre = make_org("community_centre", parent=ngo)
    paralegal, colleague = make_user("paralegal", centre), make_user("paralegal", centre)
    supervisor = make_user("supervisor", ngo)
    to_assign, to_close = make_case(paralegal), make_case(paralegal)
    assess(app, to_close, paralegal, "high")
    login(client, paralegal).post(f"/cases/{to_close.reference}/close", data=HIGH_RISK_CLOSE)
    with app.app_context():
        request_id = db.session.scalars(select(ClosureRequest.id)).one()

    login(client, supervisor)
    assign = client.post(f"/cases/{to_assign.reference}/assign",
                         data={"paralegal": str(colleague.id), "replace": "y"})
    assert assign.status_code == 302 and "/reason" not in assign.headers["Location"]
    decide_url = f"/cases/{to_close.reference}/closure-requests/{request_id}"
    assert client.get(decide_url).status_code == 200
    assert client.post(decide_url, data={"decision": "approve"}).status_code == 302

    assigned = _entries(client, case=to_assign.reference, action="assign")
    approved = _entries(client, case=to_close.reference, action="approve_close")
    assert len(assigned) == 1 and len(approved) == 1
    # Flagged as anything but a break-glass opening only by the clock (an off-hours test run).
    assert all("flag-break_glass" not in block for block in assigned + approved)
    for case in (to_assign, to_close):
        assert _entries(client, case=case.reference, flag="break_glass") == []
