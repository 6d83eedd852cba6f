"""Referrals from a centre to service units, with the survivor's consent."""
