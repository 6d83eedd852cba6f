"""Fixtures of the purge tests: cases with every kind of data, and their supervisor."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from casework.accounts.models import Organisation, User
from casework.cases.models import Case
from casework.database import utcnow
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes


def close(app, case, years_ago: float = 0) -> None:
    """Close a case (directly: the closure workflow is another domain's)."""
    with app.app_context():
        when = utcnow() - timedelta(days=365.25 * years_ago)
        db.session.execute(update(Case).where(Case.id == case.id)
                           .values(status="closed", closed_at=when, close_reason="needs_met"))
        db.session.commit()


@pytest.fixture
def centre(app, make_org, make_user, make_case, client, login):
    """A centre under an NGO: paralegal, supervisor (both English), two cases, one file."""
    ngo = make_org("ngo")
    org = make_org(parent=ngo)
    paralegal, supervisor = make_user("paralegal", org), make_user("supervisor", ngo)
    with app.app_context():
        db.session.execute(update(User).values(locale="en"))
        db.session.commit()
    case = make_case(paralegal, name="Purnama Sari", nik="3204054507900077",
                     phone="+6281377770000", address="Jl. Kenanga 9", code_word="anggrek")
    other = make_case(paralegal, name="Purnama Dewi", nik="3204054507900078")
    login(client, paralegal)
    client.post(f"/cases/{case.reference}/attachments",
                data={"file": (io.BytesIO(pdf_bytes()), "visum.pdf")},
                content_type="multipart/form-data")
    with app.app_context():
        from casework.cases.break_glass import open_grant

        for handle in (case, other):
            open_grant(db.session.get(User, supervisor.id), db.session.get(Case, handle.id),
                       "Purge review")
        db.session.commit()
    return {"paralegal": paralegal, "supervisor": supervisor, "case": case, "other": other}


def _fill_case(people: dict, handle, tag: str) -> None:
    """Every kind of record on an open case, through the domains' own operations."""
    from casework.cases.operations import add_note
    from casework.plans import operations as plans
    from casework.referrals import operations as referrals

    users = {k: db.session.get(User, v.id) for k, v in people.items() if isinstance(v, User)}
    case, paralegal = db.session.get(Case, handle.id), users["paralegal"]
    add_note(case, f"Catatan {tag}", paralegal)
    plans.record_assessment(case, {"risk_level": "high", "summary": f"Ringkasan {tag}",
                                   "safety_urgency": "urgent", "safety_note": f"Aman {tag}"},
                            "", paralegal)
    plans.save_safety_plan(case, {"safe_places": f"Rumah bibi {tag}", "signals": "lampu"},
                           0, paralegal)
    plans.review_safety_plan(case, date.today(), f"Ditinjau {tag}", paralegal)
    goal = plans.add_goal(case, "safety", f"Tujuan {tag}", paralegal)
    plans.add_action(case, goal, {"due_on": date.today() + timedelta(days=3),
                                  "description": f"Tindakan {tag}",
                                  "responsible_kind": "paralegal"}, paralegal)
    plans.record_followup(case, {"contact_on": date.today(), "method": "call",
                                 "outcome": "reached_safe", "note": f"Telepon {tag}"}, paralegal)
    plans.record_own_service(case, {"service_type": "legal_aid", "delivered_on": date.today(),
                                    "outcome": "provided", "note": f"Layanan {tag}"}, paralegal)
    consent = {"given": True, "given_by": "survivor", "groups": ["identity", "safe_contact"]}
    declined = referrals.make_referral(case, people["dinsos"], ["shelter"], "routine",
                                       f"Alasan rujukan {tag}", consent, paralegal)
    referrals.decline_referral(declined, users["dinsos_staff"], f"Penuh {tag}")
    served = referrals.make_referral(case, people["uptd"], ["psychological"], "urgent",
                                     f"Butuh konseling {tag}", consent, paralegal)
    referrals.accept_referral(served, users["uptd_staff"])
    referrals.record_service(served, users["uptd_staff"], {
        "service_type": "psychological", "delivered_on": date.today(), "outcome": "provided",
        "note": f"Konseling {tag}"})
    referrals.complete_referral(served, users["uptd_staff"], f"Selesai {tag}")
    db.session.commit()


def _close_through_the_workflow(people: dict, handle) -> None:
    """Request (high risk), approval, reopening and a second closing: every closure record."""
    from casework.cases import closure

    paralegal = db.session.get(User, people["paralegal"].id)
    supervisor = db.session.get(User, people["supervisor"].id)
    case = db.session.get(Case, handle.id)
    request = closure.close_case(case, "needs_met", "Kebutuhan terpenuhi", case.version, paralegal)
    closure.decide_closure(request, True, "Disetujui", supervisor)
    closure.reopen_case(case, "Datang lagi", case.version, supervisor)
    closure.close_case(case, "needs_met", "Ditutup lagi", case.version, supervisor)
    db.session.commit()


@pytest.fixture
def everything(app, centre, make_org, make_user):
    """Both cases filled with notes, plans, services and referrals; the first one closed
    through the closure workflow (with a request, an approval and a reopening)."""
    dinsos, uptd = make_org("dinas_sosial"), make_org("uptd_ppa")
    people = {**centre, "dinsos": dinsos, "uptd": uptd,
              "dinsos_staff": make_user("service_staff", dinsos),
              "uptd_staff": make_user("service_staff", uptd)}
    with app.test_request_context():
        people["dinsos"], people["uptd"] = (db.session.get(Organisation, o.id)
                                            for o in (dinsos, uptd))
        for tag, handle in (("A", centre["case"]), ("B", centre["other"])):
            _fill_case(people, handle, tag)
        _close_through_the_workflow(people, centre["case"])
    return centre
