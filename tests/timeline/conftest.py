"""The timeline tests reuse the referral world (a centre, units, staff and a case)."""

from tests.referrals.conftest import as_user, refer, world  # noqa: F401
