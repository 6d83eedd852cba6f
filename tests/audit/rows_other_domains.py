"""Attachments, search, the timeline, the start page and purging: each look or change writes
its entry. The statistics pages are in tests/reports/audit_rows.py."""

import io

from casework.accounts.models import User
from casework.attachments.operations import save_attachment
from casework.cases.models import Case
from casework.cases.operations import register_case
from casework.database import utcnow
from casework.extensions import db
from tests.audit.coverage import audited
from tests.conftest import case_data

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _in_case(world, work):
    """Run work(case, paralegal) in a request context, commit, and return what it gave."""
    with world.app.test_request_context("/"):
        case = db.session.get(Case, world.cases["own_assigned"].id)
        paralegal = db.session.get(User, world.callers["paralegal"].id)
        made = work(case, paralegal)
        db.session.commit()
        return made


def _attachment(world, _values) -> dict:
    """A PDF attached to the case."""
    return {"attachment_id": _in_case(world, lambda case, user: save_attachment(
        case, "surat.pdf", "application/pdf", PDF, user).id)}


def _second_case(world, _values) -> dict:
    """Another case of the same paralegal, which the World's case duplicates."""
    return {"original_ref": _in_case(world, lambda case, user: register_case(
        case_data(), user.organisation_id, user).reference)}


def _closed(world, _values) -> dict:
    """Close the case (only a closed case may be purged)."""

    def close(case, _user):
        case.status, case.close_reason, case.closed_at = "closed", "resolved", utcnow()
        return case

    _in_case(world, close)
    return {}


ROWS = [
    audited("retention.purge", "GET", "view", object_type="case", role="supervisor", setup=_closed),
    audited("retention.purge", "POST", "purge", object_type="case", role="supervisor", setup=_closed,
            data={"reason": "survivor_request", "confirm": "{reference}"}),
    audited("attachments.index", "GET", "list", object_type="attachment"),
    audited("attachments.upload", "POST", "create", object_type="attachment",
            data={"file": lambda: (io.BytesIO(PDF), "surat.pdf", "application/pdf")}),
    audited("attachments.download", "GET", "download", object_type="attachment", setup=_attachment),
    audited("attachments.delete", "POST", "delete", object_type="attachment", setup=_attachment),
    audited("search.search", "POST", "search", object_type="case", with_case_ref=False,
            data={"q": case_data()["nik"]}),
    audited("search.duplicate", "POST", "mark_duplicate", object_type="case", setup=_second_case,
            data={"original": "{original_ref}", "version": "1"}),
    audited("timeline.case_timeline_page", "GET", "view", object_type="timeline"),
    # The start page lists the references of her cases (the admin's lists none).
    audited("reports.home", "GET", "list", object_type="case", with_case_ref=False),
    audited("reports.home", "GET", "list", object_type="case", role="supervisor",
            with_case_ref=False, label="supervisor"),
]

NO_SURVIVOR_DATA = {
    ("static", "GET"): "stylesheet, script and icons",
    ("health.healthz", "GET"): "public liveness check that says nothing",
    ("health.readyz", "GET"): "public readiness check: a short reason, no data",
    ("search.search", "GET"): "the empty search form (the query is only ever POSTed)",
}
