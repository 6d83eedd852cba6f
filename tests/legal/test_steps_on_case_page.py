"""Legal steps are added, changed and removed from the case page, each with its log entry."""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.legal.models import LegalStep
from tests.legal.conftest import audit_actions, days


def _step(app) -> LegalStep:
    """The only step recorded."""
    with app.app_context():
        return db.session.scalars(select(LegalStep)).one()


def test_police_report_added_changed_and_removed(app, as_paralegal, centre):
    """She records the police report with its number and unit, changes it, then removes it."""
    ref = centre.case.reference
    form = as_paralegal.get(f"/cases/{ref}/legal/new?kind=police_report").data.decode()
    assert "Nomor laporan polisi" in form and "Unit kepolisian" in form
    response = as_paralegal.post(f"/cases/{ref}/legal/new", data={
        "kind": "police_report", "step_on": days(-3).isoformat(),
        "report_number": "LP/B/123/XI/2026/SPKT", "police_unit": "Unit PPA Polres Bandung",
        "accompanied_by_org": str(centre.org.id)})
    assert response.status_code == 302
    page = as_paralegal.get(f"/cases/{ref}").data.decode()
    assert "Laporan polisi" in page and "LP/B/123/XI/2026/SPKT" in page
    assert "Unit PPA Polres Bandung" in page and "Org community_centre" in page

    step = _step(app)
    response = as_paralegal.post(f"/cases/{ref}/legal/{step.id}", data={
        "version": str(step.version), "step_on": days(-2).isoformat(),
        "report_number": "LP/B/124/XI/2026/SPKT", "accompanied_by": "Ibu Ratna (pendamping)"})
    assert response.status_code == 302
    page = as_paralegal.get(f"/cases/{ref}").data.decode()
    assert "LP/B/124/XI/2026/SPKT" in page and "Ibu Ratna (pendamping)" in page
    assert "LP/B/123" not in page

    assert as_paralegal.post(f"/cases/{ref}/legal/{step.id}/remove").status_code == 302
    page = as_paralegal.get(f"/cases/{ref}").data.decode()
    assert "LP/B/124" not in page and "Belum ada tahap hukum yang dicatat." in page
    assert audit_actions(app, "legal_step") == ["create", "update", "delete"]


def test_legal_aid_provider_from_the_system(as_paralegal, centre):
    """The legal aid provider is chosen among the legal aid organisations in the system."""
    ref = centre.case.reference
    form = as_paralegal.get(f"/cases/{ref}/legal/new?kind=legal_aid").data.decode()
    assert str(centre.lbh.id) in form
    as_paralegal.post(f"/cases/{ref}/legal/new", data={
        "kind": "legal_aid", "step_on": days(0).isoformat(), "provider_org": str(centre.lbh.id)})
    page = as_paralegal.get(f"/cases/{ref}").data.decode()
    assert "Pemberi bantuan hukum: Org legal_aid" in page


def test_restitution_amount_shown_in_rupiah(as_paralegal, centre):
    """A decided restitution keeps its decision and its amount, typed with dots."""
    ref = centre.case.reference
    response = as_paralegal.post(f"/cases/{ref}/legal/new", data={
        "kind": "restitution_decided", "step_on": days(-1).isoformat(), "decision": "granted",
        "amount": "Rp 15.000.000"})
    assert response.status_code == 302
    page = as_paralegal.get(f"/cases/{ref}").data.decode()
    assert "Restitusi diputuskan" in page and "Dikabulkan" in page
    assert "Rp 15.000.000" in page


def test_closed_case_takes_no_step(app, as_paralegal, centre):
    """A closed case shows its steps but refuses a new one."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/close", data={"reason": "needs_met", "note": "Selesai.",
                                                   "version": "1"})
    response = as_paralegal.post(f"/cases/{ref}/legal/new", data={
        "kind": "investigation", "step_on": days(0).isoformat()}, follow_redirects=True)
    assert "buka kembali untuk mengubah proses hukumnya" in response.data.decode()
    with app.app_context():
        assert db.session.scalars(select(LegalStep)).all() == []
