"""A unit takes an accepted referral into its own case management in one step: only the field
groups she agreed to share are copied (encrypted afresh), the two cases are linked, each side
sees only its own case, and a referral is taken in once."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select

from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.cases.models import SURVIVOR_FIELDS, Case, CaseNote, Incident, Survivor, SurvivorIndex
from casework.extensions import db
from casework.referrals import intake
from casework.referrals.errors import AlreadyTakenIn
from casework.referrals.intake import SURVIVOR_GROUPS, take_in
from casework.referrals.models import Referral, ReferralIntake
from casework.referrals.operations import accept_referral
from tests.conftest import POSTGRES_URL

# Not shared with the unit (the referral shares identity and safe contact only).
NOT_SHARED = ("Jl. Mawar 7 Sukamaju", "3204054507900001", "+6281234567890",
              "Kejadian di rumah.", "Fisik")
CONSENT = {"consent_record": "y", "consent_contact": "y", "consent_statistics": "y",
           "consent_given_by": "survivor"}


@pytest.fixture
def unit_supervisor(world, make_user) -> User:
    """The UPTD PPA's supervisor."""
    return make_user("supervisor", world.uptd)


@pytest.fixture
def accepted(refer, as_user, world) -> uuid.UUID:
    """A referral to the UPTD PPA sharing identity and safe contact, accepted by its staff."""
    referral_id = refer()
    as_user(world.uptd_staff).post(f"/referrals/{referral_id}/accept")
    return referral_id


def _take_in(as_user, user, referral_id, **data):
    """Post the take-in form as a user."""
    return as_user(user).post(f"/referrals/{referral_id}/take-in", data={**CONSENT, **data})


def _unit_case(app, referral_id) -> Case | None:
    """The unit's case made from the referral, detached with what the tests read."""
    with app.app_context():
        found = db.session.scalar(select(ReferralIntake).where(
            ReferralIntake.referral_id == referral_id))
        if found is None:
            return None
        case = db.session.get(Case, found.case_id)
        _ = (case.survivor, case.incidents, case.assignments, case.consents)
        db.session.expunge_all()
        return case


def test_every_survivor_field_belongs_to_one_shared_group():
    grouped = [name for names in SURVIVOR_GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(SURVIVOR_FIELDS)


def test_only_the_shared_groups_are_copied_into_the_unit_s_case(
        app, world, accepted, as_user, unit_supervisor):
    response = _take_in(as_user, unit_supervisor, accepted)
    assert response.status_code == 302
    case = _unit_case(app, accepted)
    assert case.organisation_id == world.uptd.id and case.created_by_id == unit_supervisor.id
    assert [a.user_id for a in case.assignments if a.ended_at is None] == [unit_supervisor.id]
    page = as_user(unit_supervisor).get(response.headers["Location"]).get_data(as_text=True)
    assert "Siti Aminah" in page and "melati" in page  # identity and safe contact
    for value in NOT_SHARED:
        assert value not in page
    with app.app_context():
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == case.id))
        assert (survivor.name, survivor.code_word, survivor.safe_phone) == (
            "Siti Aminah", "melati", "+6281298765432")
        assert (survivor.nik, survivor.phone, survivor.address) == (None, None, None)
        assert (survivor.sex, survivor.age_band) == ("female", "25-44")
        [incident] = db.session.scalars(select(Incident).where(Incident.case_id == case.id))
        assert incident.narrative is None and incident.forms == [] and incident.gbv_type is None


def test_values_are_encrypted_afresh_for_the_new_rows(app, world, accepted, as_user,
                                                      unit_supervisor):
    _take_in(as_user, unit_supervisor, accepted)
    case = _unit_case(app, accepted)
    with app.app_context():
        table = Survivor.__table__
        blobs = dict(db.session.execute(select(table.c.case_id, table.c.name_enc).where(
            table.c.case_id.in_([case.id, world.case.id]))).all())
    assert blobs[case.id] and blobs[case.id] != blobs[world.case.id]


def test_the_unit_s_case_is_found_by_its_shared_values_only(app, world, accepted, as_user,
                                                            unit_supervisor):
    _take_in(as_user, unit_supervisor, accepted)
    case = _unit_case(app, accepted)
    with app.app_context():
        fields = set(db.session.scalars(select(SurvivorIndex.field).where(
            SurvivorIndex.case_id == case.id)))
    assert fields == {"name", "phone"}  # her name words and the safe phone; no NIK
    page = as_user(unit_supervisor).post("/search", data={"q": "+6281298765432"})
    assert case.reference in page.get_data(as_text=True)


def test_incident_and_notes_come_along_when_shared(app, world, refer, as_user, unit_supervisor):
    as_user(world.paralegal).post(f"/cases/{world.case.reference}/notes",
                                  data={"body": "Catatan bersama."})
    referral_id = refer(groups=["incident", "notes"])
    as_user(world.uptd_staff).post(f"/referrals/{referral_id}/accept")
    _take_in(as_user, unit_supervisor, referral_id)
    case = _unit_case(app, referral_id)
    with app.app_context():
        [incident] = db.session.scalars(select(Incident).where(Incident.case_id == case.id))
        assert incident.narrative == "Kejadian di rumah." and incident.forms == ["physical"]
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == case.id))
        assert survivor.name is None and survivor.sex is None  # identity was not shared
        notes = db.session.scalars(select(CaseNote).where(CaseNote.case_id == case.id)).all()
        assert [n.body for n in notes] == ["Catatan bersama."]


def test_both_cases_are_linked_and_the_centre_does_not_see_the_unit_s_reference(
        app, world, accepted, as_user, unit_supervisor):
    _take_in(as_user, unit_supervisor, accepted)
    case = _unit_case(app, accepted)
    centre = as_user(world.paralegal)
    for path in (f"/referrals/{accepted}", f"/cases/{world.case.reference}"):
        page = centre.get(path).get_data(as_text=True)
        assert f"Diambil ke dalam manajemen kasus oleh {world.uptd.name}" in page
        assert case.reference not in page
    unit_page = as_user(unit_supervisor).get(f"/cases/{case.reference}").get_data(as_text=True)
    with app.app_context():
        referral_ref = db.session.get(Referral, accepted).reference
    assert f"dari rujukan {referral_ref} dari {world.centre.name}" in unit_page
    staff_page = as_user(world.uptd_staff).get(f"/referrals/{accepted}").get_data(as_text=True)
    assert case.reference in staff_page  # the unit's referral page links its own case


def test_each_side_is_refused_the_other_side_s_case(app, world, accepted, as_user,
                                                   unit_supervisor):
    _take_in(as_user, unit_supervisor, accepted)
    case = _unit_case(app, accepted)
    attempts = [(world.paralegal, case.reference), (world.supervisor, case.reference),
                (unit_supervisor, world.case.reference), (world.uptd_staff, world.case.reference)]
    for user, reference in attempts:
        with app.app_context():
            before = db.session.scalar(select(func.count()).where(
                AuditEntry.action == "denied", AuditEntry.actor_id == user.id))
        assert as_user(user).get(f"/cases/{reference}").status_code == 404
        with app.app_context():
            after = db.session.scalar(select(func.count()).where(
                AuditEntry.action == "denied", AuditEntry.actor_id == user.id))
        assert after == before + 1, user.role


def test_a_second_take_in_is_refused_with_a_clear_message(app, world, accepted, as_user,
                                                         unit_supervisor):
    _take_in(as_user, unit_supervisor, accepted)
    again = as_user(world.uptd_staff).post(f"/referrals/{accepted}/take-in", data=CONSENT,
                                           follow_redirects=True)
    assert "sudah mengambil rujukan ini ke dalam manajemen kasus" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReferralIntake.id))) == 1
        assert db.session.scalar(select(func.count(Case.id)).where(
            Case.organisation_id == world.uptd.id)) == 1


def test_a_simultaneous_second_take_in_meets_the_unique_link(app, world, accepted, as_user,
                                                            unit_supervisor, monkeypatch):
    _take_in(as_user, unit_supervisor, accepted)
    # The second request checked before the first had committed: it saw no take-in yet.
    monkeypatch.setattr(intake, "intake_of", lambda _referral: None)
    with app.test_request_context("/"):
        referral = db.session.get(Referral, accepted)
        with pytest.raises(AlreadyTakenIn):
            take_in(referral, db.session.get(User, world.uptd_staff.id),
                    {"record": True, "given_by": "survivor"})
        db.session.rollback()
    with app.app_context():
        assert db.session.scalar(select(func.count(ReferralIntake.id))) == 1


def test_only_an_accepted_referral_can_be_taken_in(app, world, refer, as_user):
    referral_id = refer()
    page = as_user(world.uptd_staff).post(f"/referrals/{referral_id}/take-in", data=CONSENT,
                                          follow_redirects=True).get_data(as_text=True)
    assert "Hanya rujukan yang sudah diterima" in page
    assert _unit_case(app, referral_id) is None


def test_her_consent_to_record_is_needed(app, world, accepted, as_user):
    page = as_user(world.uptd_staff).post(
        f"/referrals/{accepted}/take-in", data={"consent_given_by": "survivor"},
        follow_redirects=True).get_data(as_text=True)
    assert "hanya dapat membuka kasusnya sendiri dengan persetujuannya" in page
    assert _unit_case(app, accepted) is None


def test_staff_of_another_unit_or_of_the_sender_meet_a_logged_404(app, world, accepted, as_user):
    for user in (world.dinsos_staff, world.paralegal, world.supervisor):
        assert _take_in(as_user, user, accepted).status_code == 404
    assert _unit_case(app, accepted) is None


def test_a_unit_that_does_not_hold_cases_cannot_take_in(app, world, refer, as_user):
    referral_id = refer(unit=world.dukcapil, services=["civil_documents"],
                        groups=["identity", "nik"])
    with app.test_request_context("/"):
        accept_referral(db.session.get(Referral, referral_id),
                        db.session.get(User, world.dukcapil_staff.id))
        db.session.commit()
    # Her role is no case role at a unit without cases: the login gate refuses her.
    assert _take_in(as_user, world.dukcapil_staff, referral_id).status_code == 403


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite serialises whole requests already")
def test_two_take_ins_sent_at_the_same_moment_make_one_case(app, world, accepted, as_user):
    clients = [as_user(world.uptd_staff), as_user(world.uptd_staff2)]
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def send(client) -> None:
        barrier.wait()
        statuses.append(client.post(f"/referrals/{accepted}/take-in", data=CONSENT).status_code)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [302, 302]  # one to the new case, one back to the referral, saying so
    with app.app_context():
        assert db.session.scalar(select(func.count(ReferralIntake.id))) == 1
        assert db.session.scalar(select(func.count(Case.id)).where(
            Case.organisation_id == world.uptd.id)) == 1
