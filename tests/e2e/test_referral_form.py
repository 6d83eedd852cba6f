"""A paralegal on a phone can send a referral asking for one service: the browser must not
demand that every service be ticked (each checkbox rendered `required` does exactly that)."""

from __future__ import annotations

import pytest

from tests.e2e import steps
from tests.e2e.live import has_endpoint, missing

pytestmark = pytest.mark.browser


@pytest.mark.skipif(not has_endpoint("referrals.new"), reason=missing("referrals.new"))
def test_one_service_is_enough(page, live_server, district):
    """Tick one service and send: the referral is made."""
    base = live_server.url
    steps.log_in(page, base, "paralegal")
    reference = steps.register_case(page, base)
    referral = steps.refer(page, base, reference, str(district["orgs"]["uptd"].id),
                           "psychological", ("identity",))
    assert len(referral) == 36
