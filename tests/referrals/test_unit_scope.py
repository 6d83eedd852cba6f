"""Each unit sees only its own referrals, and of them only the groups she agreed to share."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.extensions import db
from tests.referrals.conftest import get_referral

NOT_SHARED = ("Jl. Mawar 7 Sukamaju", "+6281234567890", "3204054507900001", "Kejadian di rumah.")


def _accepted_page(as_user, world, referral_id) -> str:
    """The unit accepts the referral, then opens it."""
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    return staff.get(f"/referrals/{referral_id}").get_data(as_text=True)


def test_before_accepting_the_unit_sees_the_request_but_not_her_details(world, refer, as_user):
    referral_id = refer(groups=["identity", "safe_contact", "contact"])
    page = as_user(world.uptd_staff).get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "Butuh konseling psikologis." in page and "Layanan psikologis" in page
    assert "Identitas (nama, usia" in page and "Kontak aman" in page   # the group names only
    for value in (*NOT_SHARED, "Siti Aminah", "melati", "+6281298765432"):
        assert value not in page


def test_unit_page_shows_exactly_the_shared_groups(world, refer, as_user):
    referral_id = refer(groups=["identity", "safe_contact"])
    page = _accepted_page(as_user, world, referral_id)
    assert "Siti Aminah" in page            # identity
    assert "+6281298765432" in page          # safe contact
    assert "melati" in page
    for value in NOT_SHARED:                 # contact, NIK, incident: not agreed
        assert value not in page
    assert 'id="shared-contact"' not in page and 'id="shared-incident"' not in page


def test_unit_with_no_groups_sees_no_personal_data(world, refer, as_user):
    referral_id = refer(groups=[])
    page = _accepted_page(as_user, world, referral_id)
    for value in (*NOT_SHARED, "Siti Aminah", "melati", "+6281298765432"):
        assert value not in page
    assert "Butuh konseling psikologis." in page   # the reason is always the unit's to read


def test_contact_incident_and_notes_groups_when_shared(app, world, refer, as_user):
    client = as_user(world.paralegal)
    client.post(f"/cases/{world.case.reference}/notes", data={"body": "Catatan pendamping 42."})
    referral_id = refer(groups=["contact", "incident", "notes"])
    page = _accepted_page(as_user, world, referral_id)
    assert "Jl. Mawar 7 Sukamaju" in page and "Kejadian di rumah." in page
    assert "Catatan pendamping 42." in page
    assert "Siti Aminah" not in page and "melati" not in page


def test_other_unit_gets_404_and_a_denied_entry(app, world, refer, as_user):
    referral_id = refer()
    other = as_user(world.dinsos_staff)
    response = other.get(f"/referrals/{referral_id}")
    assert response.status_code == 404
    assert "Siti Aminah" not in response.get_data(as_text=True)
    assert other.post(f"/referrals/{referral_id}/accept").status_code == 404
    assert get_referral(app, referral_id).status == "sent"
    with app.app_context():
        denied = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "denied", AuditEntry.object_id == referral_id)).all()
    assert len(denied) == 2 and all(e.actor_id == world.dinsos_staff.id for e in denied)


def test_inbox_lists_only_the_units_own_referrals(app, world, refer, as_user):
    to_uptd = get_referral(app, refer()).reference
    to_dinsos = get_referral(app, refer(world.dinsos, services=["social_rehabilitation"])).reference
    uptd_inbox = as_user(world.uptd_staff).get("/referrals/").get_data(as_text=True)
    dinsos_inbox = as_user(world.dinsos_staff).get("/referrals/").get_data(as_text=True)
    assert to_uptd in uptd_inbox and to_dinsos not in uptd_inbox
    assert to_dinsos in dinsos_inbox and to_uptd not in dinsos_inbox
    assert "Siti Aminah" not in uptd_inbox


def test_unit_staff_never_open_the_case_itself(world, refer, as_user):
    refer()
    response = as_user(world.uptd_staff).get(f"/cases/{world.case.reference}")
    assert response.status_code == 404
