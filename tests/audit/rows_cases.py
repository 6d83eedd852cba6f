"""Case pages: each look and each change writes its entry with the case reference."""

from casework.cases.models import ClosureRequest
from casework.extensions import db
from tests.audit.coverage import audited
from tests.conftest import case_data

# A survivor with no case yet (the World's cases share the default NIK and phone).
INTAKE = {key: value for key, value in case_data(
    name="Nur Hasanah", nik="3204055203880002", phone="+6285711112222").items()
    if not isinstance(value, list)}
INTAKE["forms"] = "physical"


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
    audited("cases.show", "GET", "view", object_type="case"),
    audited("cases.show", "GET", "view", object_type="case", role="supervisor", label="supervisor"),
    audited("cases.edit", "GET", "view", object_type="case"),
    audited("cases.note", "GET", "list", object_type="note"),
    audited("cases.note", "POST", "create", object_type="note",
            data={"body": "Dihubungi lewat telepon aman."}),
    audited("cases.close", "GET", "view", object_type="case"),
    audited("cases.reopen", "GET", "view", object_type="case"),
    audited("cases.assign", "GET", "view", object_type="case", role="supervisor"),
    audited("cases.end_assignment", "POST", "unassign", object_type="case", role="supervisor"),
    audited("cases.break_glass", "POST", "break_glass", object_type="case", role="supervisor",
            relation="own_unassigned", data={"reason": "Paralegal sakit, penyintas menelepon."}),
    audited("cases.decide", "GET", "view", object_type="closure_request", role="supervisor",
            setup=_closure_request),
    audited("cases.new", "POST", "create", object_type="case", data=INTAKE, with_case_ref=False),
]
