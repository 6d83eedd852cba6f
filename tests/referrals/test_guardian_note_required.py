"""Consent given by a guardian or a supervisor names them (and the reason): a note of blanks
is no note, for a referral as for a transfer and a unit's own case (one rule, cases.rules)."""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.referrals.models import Referral
from tests.referrals.conftest import referral_form


def test_a_guardian_s_consent_with_a_blank_note_is_refused(app, world, as_user):
    response = as_user(world.paralegal).post(
        f"/cases/{world.case.reference}/referrals/new",
        data=referral_form(world.uptd, consent_given_by="guardian", guardian_note="   "),
        follow_redirects=True)
    assert "Untuk anak, catat persetujuan bersama walinya" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Referral.id)) is None
