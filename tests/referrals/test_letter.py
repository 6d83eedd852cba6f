"""The referral letter: reference, units, services, and only the shared fields."""

from __future__ import annotations

from tests.referrals.conftest import get_referral

SHARED = ("Siti Aminah", "+6281298765432", "melati")
NOT_SHARED = ("Jl. Mawar 7 Sukamaju", "+6281234567890", "3204054507900001", "Kejadian di rumah.")


def test_letter_carries_reference_units_services_and_only_shared_fields(app, world, refer, as_user):
    referral_id = refer(services=["psychological", "shelter"])
    response = as_user(world.paralegal).get(f"/referrals/{referral_id}/letter")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert get_referral(app, referral_id).reference in body
    assert "SURAT RUJUKAN" in body and "print.css" in body
    assert world.uptd.name in body and world.centre.name in body
    assert "Layanan psikologis" in body and "Penampungan sementara" in body
    for value in SHARED:
        assert value in body
    for value in NOT_SHARED:
        assert value not in body


def test_letter_for_dukcapil_carries_the_whole_nik(world, refer, as_user):
    referral_id = refer(world.dukcapil, services=["civil_documents"], groups=["identity", "nik"])
    body = as_user(world.paralegal).get(f"/referrals/{referral_id}/letter").get_data(as_text=True)
    assert "3204054507900001" in body and "melati" not in body


def test_no_letter_after_withdrawal_nor_for_the_unit(world, refer, as_user):
    referral_id = refer()
    assert as_user(world.uptd_staff).get(f"/referrals/{referral_id}/letter").status_code == 404
    sender = as_user(world.paralegal)
    sender.post(f"/referrals/{referral_id}/consent-withdrawal", data={"confirm": "y"})
    assert sender.get(f"/referrals/{referral_id}/letter").status_code == 404


def test_print_stylesheet_is_a4(client):
    response = client.get("/static/print.css")
    assert response.status_code == 200 and b"size:A4" in response.data
