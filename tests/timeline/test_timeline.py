"""The case timeline: intake, notes, referrals and their transitions, services, closure, in order."""

from __future__ import annotations

from datetime import timedelta

from casework.cases.models import Case
from casework.extensions import db
from casework.i18n import local_today
from casework.timeline import registry
from casework.timeline.registry import TimelineEvent, add_timeline_source


def _walk_the_case(app, world, refer, as_user):
    """Note, referral, acceptance, service, completion, closure."""
    paralegal = as_user(world.paralegal)
    paralegal.post(f"/cases/{world.case.reference}/notes", data={"body": "Kunjungan pertama."})
    referral_id = refer()
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    staff.post(f"/referrals/{referral_id}/services", data={
        "service_type": "psychological", "delivered_on": local_today().isoformat(),
        "outcome": "provided"})
    staff.post(f"/referrals/{referral_id}/complete", data={"note": "Selesai."})
    with app.app_context():
        version = db.session.get(Case, world.case.id).version
    paralegal.post(f"/cases/{world.case.reference}/close",
                   data={"reason": "needs_met", "note": "Kebutuhan terpenuhi.", "version": version})
    return paralegal


def test_case_page_shows_every_event_in_order(app, world, refer, as_user):
    paralegal = _walk_the_case(app, world, refer, as_user)
    paralegal.get("/referrals/directory")    # shows (and so clears) the pending flash messages
    page = paralegal.get(f"/cases/{world.case.reference}/timeline").get_data(as_text=True)
    steps = ["Kasus dicatat", "Catatan ditambahkan", "Dikirim", ": Diterima",
             "Layanan psikologis oleh", ": Selesai", "Kasus ditutup"]
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions), positions
    assert "Kunjungan pertama." not in page     # note bodies stay in the notes section
    panel = paralegal.get(f"/cases/{world.case.reference}").get_data(as_text=True)
    assert 'id="timeline"' in panel and "Kasus ditutup" in panel


def test_other_domains_add_their_own_sources(app, world, as_user, monkeypatch):
    monkeypatch.setattr(registry, "_SOURCES", dict(registry._SOURCES))

    def plan_events(case):
        return [TimelineEvent(at=case.created_at + timedelta(seconds=1), kind="plan",
                              label="Rencana disepakati", actor="Tester")]

    add_timeline_source("plans", plan_events)
    page = as_user(world.paralegal).get(f"/cases/{world.case.reference}/timeline")
    body = page.get_data(as_text=True)
    assert body.index("Kasus dicatat") < body.index("Rencana disepakati")


def test_timeline_pages_and_access(app, world, as_user):
    paralegal = as_user(world.paralegal)
    app.config["PAGE_SIZE"] = 2
    for n in range(3):
        paralegal.post(f"/cases/{world.case.reference}/notes", data={"body": f"n{n}"})
    first = paralegal.get(f"/cases/{world.case.reference}/timeline").get_data(as_text=True)
    second = paralegal.get(f"/cases/{world.case.reference}/timeline?page=2").get_data(as_text=True)
    assert "Kasus dicatat" in first and "Kasus dicatat" not in second
    assert "?page=2" in first
    assert as_user(world.uptd_staff).get(f"/cases/{world.case.reference}/timeline").status_code == 404
