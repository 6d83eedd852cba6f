"""Taking a referral into the unit's case management writes its `take_in` entry, naming the
referred case (the unit's new case has its own `create` entry)."""

from tests.audit.coverage import audited
from tests.audit.rows_referrals import _accepted

ROWS = [
    audited("referrals.take_into_management", "POST", "take_in", object_type="referral",
            setup=_accepted, role="service_staff",
            data={"consent_record": "y", "consent_contact": "y", "consent_given_by": "survivor"}),
]
