"""Rows of the authorisation matrix for taking a referral into the unit's case management: only
the receiving unit's own staff who read the referral (referrals.access.is_recipient; the World's
service staff works at a UPTD PPA, which holds cases) or its supervisor; the sender's side and
other units meet a logged 404. The views declare the case roles, so staff of units that hold no
cases are refused at the gate, and a paralegal of the unit by the object check
(tests/transfers/test_case_roles_only.py: the World has no such callers)."""

from __future__ import annotations

import tests.referrals.access_rows  # noqa: F401  (registers the referral_id factory)
from tests.access.matrix import ALLOW, DENY, LOGIN, expect

CONSENT = {"consent_record": "y", "consent_given_by": "survivor"}

ROWS = [
    *expect("referrals.take_into_management", "POST", CONSENT, anonymous=LOGIN, paralegal=DENY,
            supervisor=DENY, admin=DENY,
            service_staff={"own_assigned": ALLOW, "own_unassigned": ALLOW, "other_org": DENY}),
]
