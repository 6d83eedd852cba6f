"""Her accommodation reaches a unit she agreed to tell, so it can prepare; not one she did not."""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.referrals.models import Referral
from tests.accommodation.conftest import intake


def _case(client) -> str:
    response = client.post("/cases/new", data=intake(
        disability_types=["hearing"], accommodations=["sign_language", "other"],
        accommodation_other="Ruang di lantai dasar, tanpa tangga"))
    assert response.status_code == 302
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def _referred(app, client, place, reference, groups) -> str:
    response = client.post(f"/cases/{reference}/referrals/new", data={
        "unit": str(place.uptd.id), "services": ["psychological"], "urgency": "routine",
        "reason": "Konseling.", "consent_given": "y", "consent_given_by": "survivor",
        "groups": groups})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        return str(db.session.scalar(select(Referral.id).order_by(Referral.sent_at.desc())))


def _unit_page(as_user, place, referral_id) -> str:
    staff = as_user(place.uptd_staff)
    assert staff.post(f"/referrals/{referral_id}/accept").status_code == 302
    return staff.get(f"/referrals/{referral_id}").get_data(as_text=True)


def test_shared_accommodation_is_shown_to_the_unit(app, place, as_user):
    client = as_user(place.paralegal)
    referral_id = _referred(app, client, place, _case(client), ["identity", "accommodation"])
    page = _unit_page(as_user, place, referral_id)
    assert "Juru bahasa isyarat" in page
    assert "Ruang di lantai dasar, tanpa tangga" in page
    assert "Sensorik rungu" in page


def test_unshared_accommodation_is_absent(app, place, as_user):
    client = as_user(place.paralegal)
    referral_id = _referred(app, client, place, _case(client), ["identity"])
    page = _unit_page(as_user, place, referral_id)
    assert "Juru bahasa isyarat" not in page
    assert "Ruang di lantai dasar" not in page
    assert "Sensorik rungu" not in page


def test_a_unit_taking_her_in_keeps_what_she_shared(app, place, as_user, make_user):
    client = as_user(place.paralegal)
    referral_id = _referred(app, client, place, _case(client), ["identity", "accommodation"])
    _unit_page(as_user, place, referral_id)
    unit_supervisor = as_user(make_user("supervisor", place.uptd))
    response = unit_supervisor.post(f"/referrals/{referral_id}/take-in", data={
        "consent_record": "y", "consent_given_by": "survivor"})
    assert response.status_code == 302
    page = unit_supervisor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Juru bahasa isyarat" in page and "Ruang di lantai dasar, tanpa tangga" in page
