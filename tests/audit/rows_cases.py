"""Case pages: each look and each change writes its entry with the case reference."""

from casework.accounts.models import User
from casework.cases.models import Case, ClosureRequest
from casework.database import utcnow
from casework.extensions import db
from tests.audit.coverage import audited
from tests.conftest import case_data

# A survivor with no case yet (the World's cases share the default NIK and phone).
INTAKE = {key: value for key, value in case_data(
    name="Nur Hasanah", nik="3204055203880002", phone="+6285711112222").items()
    if not isinstance(value, list)}
INTAKE["forms"] = "physical"
# The edit form: the same survivor, her story told again; the version the setup read.
EDIT = {**INTAKE, "name": case_data()["name"], "narrative": "Diceritakan ulang.",
        "version": "{version}"}
CLOSE = {"reason": "needs_met", "note": "Semua kebutuhan terpenuhi.", "version": "{version}"}


def _in_case(world, work) -> dict:
    """Run work(case, paralegal) on the paralegal's case in a request, commit, and return the
    case's version afterwards (the form of the row sends it)."""
    with world.app.test_request_context("/"):
        case = db.session.get(Case, world.cases["own_assigned"].id)
        work(case, db.session.get(User, world.callers["paralegal"].id))
        db.session.commit()
        return {"version": case.version}


def _version(world, _values) -> dict:
    """The case as it is: its version for the form."""
    return _in_case(world, lambda _case, _user: None)


def _high_risk(world, _values) -> dict:
    """An assessment found high risk: closing now needs a supervisor's approval."""
    from casework.plans.operations import record_assessment

    return _in_case(world, lambda case, user: record_assessment(
        case, {"risk_level": "high"}, "", user))


def _closed(world, _values) -> dict:
    """The case closed (only a closed case may be reopened)."""

    def close(case, _user):
        case.status, case.close_reason, case.closed_at = "closed", "needs_met", utcnow()

    return _in_case(world, close)


def _closure_request(world, values) -> dict:
    """A paralegal's pending request to close the case, for the supervisor to decide."""
    case = world.cases["own_assigned"]
    with world.app.app_context():
        request = ClosureRequest(case_id=case.id, reason="resolved", grounds="risk",
                                 requested_by_id=world.callers["paralegal"].id)
        request.note = "Layanan selesai."
        db.session.add(request)
        db.session.commit()
        return {"request_id": request.id}


ROWS = [
    audited("cases.index", "GET", "list", object_type="case", with_case_ref=False),
    audited("cases.new", "POST", "create", object_type="case", data=INTAKE, with_case_ref=False),
    audited("cases.show", "GET", "view", object_type="case"),
    audited("cases.show", "GET", "view", object_type="case", role="supervisor", label="supervisor"),
    audited("cases.edit", "GET", "view", object_type="case"),
    audited("cases.edit", "POST", "update", object_type="case", setup=_version, data=EDIT),
    audited("cases.note", "GET", "list", object_type="note"),
    audited("cases.note", "POST", "create", object_type="note",
            data={"body": "Dihubungi lewat telepon aman."}),
    audited("cases.close", "GET", "view", object_type="case"),
    audited("cases.close", "POST", "close", object_type="case", setup=_version, data=CLOSE),
    audited("cases.close", "POST", "request_close", object_type="closure_request",
            setup=_high_risk, data=CLOSE, label="needs_approval"),
    audited("cases.reopen", "GET", "view", object_type="case"),
    audited("cases.reopen", "POST", "reopen", object_type="case", setup=_closed,
            data={"reason": "Penyintas datang lagi.", "version": "{version}"}),
    audited("cases.assign", "GET", "view", object_type="case", role="supervisor"),
    audited("cases.assign", "POST", "assign", object_type="case", role="supervisor",
            data={"paralegal": "{user_id}", "replace": "y"}),
    audited("cases.end_assignment", "POST", "unassign", object_type="case", role="supervisor"),
    audited("cases.break_glass", "POST", "break_glass", object_type="case", role="supervisor",
            relation="own_unassigned", data={"reason": "Paralegal sakit, penyintas menelepon."}),
    audited("cases.decide", "GET", "view", object_type="closure_request", role="supervisor",
            setup=_closure_request),
    audited("cases.decide", "POST", "approve_close", object_type="closure_request",
            role="supervisor", setup=_closure_request,
            data={"decision": "approve", "note": "Disetujui."}),
    audited("cases.decide", "POST", "refuse_close", object_type="closure_request",
            role="supervisor", setup=_closure_request, label="refuse",
            data={"decision": "refuse", "note": "Masih perlu pendampingan."}),
]

NO_SURVIVOR_DATA = {
    ("cases.new", "GET"): "the empty intake form",
    ("cases.break_glass", "GET"): "the reason form: the reference she followed and nothing of "
                                  "the case; the opening is logged when she gives the reason",
}
