"""Bad input: each refused with a clear message, and nothing half-changed."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from casework.cases.models import Consent
from casework.extensions import db
from casework.referrals.models import Referral, ReferralTransition
from tests.referrals.conftest import get_referral, referral_form


def _counts(app) -> tuple[int, int, int]:
    """Referrals, referral consents and transitions in the database."""
    with app.app_context():
        return (db.session.scalar(select(func.count(Referral.id))),
                db.session.scalar(select(func.count(Consent.id)).where(Consent.purpose == "referral")),
                db.session.scalar(select(func.count(ReferralTransition.id))))


def _post_new(as_user, world, unit_id, **overrides):
    """Post the new-referral form as the paralegal, in English."""
    client = as_user(world.paralegal)
    form = referral_form(world.uptd, **overrides)
    form["unit"] = unit_id
    return client.post(f"/cases/{world.case.reference}/referrals/new", data=form)


@pytest.mark.parametrize("unit_id", ["centre", "ngo", "random", "not-a-uuid", "", "1 OR 1=1"])
def test_referral_to_something_that_is_not_a_unit_is_refused(app, world, as_user, unit_id):
    forged = {"centre": str(world.centre.id), "ngo": str(world.ngo.id), "random": str(uuid.uuid4())}
    unit_id = forged.get(unit_id, unit_id)
    response = _post_new(as_user, world, unit_id)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "unit layanan yang aktif" in body or "active service unit" in body
    assert "Butuh konseling psikologis." in body          # her input is kept
    assert _counts(app) == (0, 0, 0)


def test_no_consent_no_referral(app, world, as_user):
    response = _post_new(as_user, world, str(world.uptd.id), consent_given=None)
    assert response.status_code == 422
    assert "persetujuan penyintas" in response.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0)


def test_nik_only_to_dukcapil_unless_she_agrees(app, world, as_user, refer):
    response = _post_new(as_user, world, str(world.uptd.id), groups=["identity", "nik"])
    assert response.status_code == 422
    assert "NIK hanya dibagikan kepada Dukcapil" in response.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0)
    to_dukcapil = refer(world.dukcapil, services=["civil_documents"], groups=["identity", "nik"])
    assert get_referral(app, to_dukcapil).scope == "identity,nik"
    agreed = refer(world.uptd, groups=["nik"], nik_agreed="y")
    assert get_referral(app, agreed).scope == "nik"


def test_service_the_unit_does_not_offer_is_refused(app, world, as_user):
    response = _post_new(as_user, world, str(world.dukcapil.id), services=["shelter"])
    assert response.status_code == 422
    assert "tidak menyediakan layanan" in response.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0)


def test_a_second_open_referral_to_the_same_unit_is_refused(app, world, as_user, refer):
    refer()
    response = _post_new(as_user, world, str(world.uptd.id))
    assert response.status_code == 422
    assert "sudah memiliki rujukan aktif" in response.get_data(as_text=True)
    assert _counts(app)[0] == 1


def test_accepting_twice_is_refused_clearly(app, world, refer, as_user):
    referral_id = refer()
    first, second = as_user(world.uptd_staff), as_user(world.uptd_staff2)
    assert first.post(f"/referrals/{referral_id}/accept").status_code == 302
    response = second.post(f"/referrals/{referral_id}/accept", follow_redirects=True)
    assert "Rujukan ini sudah diterima; tidak ada yang diubah." in response.get_data(as_text=True)
    state = get_referral(app, referral_id)
    assert state.transitions == [(None, "sent"), ("sent", "accepted")]


def test_the_sender_cannot_act_on_a_withdrawn_referral(app, world, refer, as_user):
    referral_id = refer()
    sender = as_user(world.paralegal)
    sender.post(f"/referrals/{referral_id}/withdraw", data={})
    response = sender.post(f"/referrals/{referral_id}/withdraw", data={}, follow_redirects=True)
    assert "Rujukan ini sudah ditarik; tidak ada yang diubah." in response.get_data(as_text=True)
    assert get_referral(app, referral_id).transitions == [(None, "sent"), ("sent", "withdrawn")]


def test_declining_needs_a_reason(app, world, refer, as_user):
    referral_id = refer()
    response = as_user(world.uptd_staff).post(f"/referrals/{referral_id}/decline",
                                              data={"reason": "  "})
    assert response.status_code == 422
    assert get_referral(app, referral_id).status == "sent"


def test_completing_before_accepting_is_refused(app, world, refer, as_user):
    referral_id = refer()
    response = as_user(world.uptd_staff).post(f"/referrals/{referral_id}/complete",
                                              data={"note": "x"}, follow_redirects=True)
    assert "Rujukan ini sudah dikirim" in response.get_data(as_text=True)
    assert get_referral(app, referral_id).status == "sent"


def test_a_closed_case_cannot_be_referred(app, world, as_user):
    client = as_user(world.paralegal)
    with app.app_context():
        from casework.cases.models import Case
        version = db.session.get(Case, world.case.id).version
    client.post(f"/cases/{world.case.reference}/close",
                data={"reason": "needs_met", "note": "Selesai.", "version": version})
    response = _post_new(as_user, world, str(world.uptd.id))
    assert response.status_code in (404, 422)
    assert _counts(app) == (0, 0, 0)


def test_one_service_is_enough_and_none_is_refused(app, world, as_user):
    page = as_user(world.paralegal).get(f"/cases/{world.case.reference}/referrals/new")
    boxes = [line for line in page.get_data(as_text=True).splitlines() if 'name="services"' in line]
    assert boxes and not any("required" in line for line in boxes)
    response = _post_new(as_user, world, str(world.uptd.id), services=[])
    assert response.status_code == 422
    assert "Pilih setidaknya satu layanan." in response.get_data(as_text=True)
    assert _counts(app) == (0, 0, 0)
