"""Issue 8.1, the whole journey on a 360 px phone, in Indonesian: a paralegal registers a case
with consent and refers it to the UPTD PPA; the unit's staff accepts it and records a service;
a Dukcapil referral records a document issued; the paralegal closes the case; the supervisor,
logging in with a TOTP code, finds every step in the access log and the counts in the reports."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from playwright.sync_api import expect

from tests.e2e import steps
from tests.e2e.live import has_endpoint, missing

pytestmark = pytest.mark.browser

NEEDED = ("referrals.new", "referrals.accept", "referrals.add_service", "referrals.complete",
          "audit.index", "reports.index", "accounts.mfa_enrol")
STEPS = ("create", "refer", "accept", "complete", "close")


def action_labels(app, actions: tuple[str, ...]) -> dict[str, str]:
    """How the access log names each action, in Indonesian (from the app's own catalogue)."""
    from casework.audit.forms import ACTIONS

    with app.test_request_context(), force_locale("id"):
        return {action: str(ACTIONS[action]) for action in actions}


def object_label(app, object_type: str) -> str:
    """How the access log names a kind of object, in Indonesian."""
    from casework.audit.forms import OBJECT_TYPES

    with app.test_request_context(), force_locale("id"):
        return str(OBJECT_TYPES[object_type])


@pytest.mark.skipif(not has_endpoint(*NEEDED), reason=missing(*NEEDED))
def test_whole_journey(app, page, live_server, district, shoot):
    """Every step, by the person whose work it is, each photographed."""
    base, orgs = live_server.url, district["orgs"]
    steps.log_in(page, base, "paralegal")
    reference = steps.register_case(page, base)
    shoot(page, "paralegal-registered")
    uptd = steps.refer(page, base, reference, str(orgs["uptd"].id), "psychological",
                       ("identity", "contact", "incident"))
    expect(page.locator(".status")).to_contain_text("Dikirim")
    shoot(page, "referred-to-uptd")
    dukcapil = steps.refer(page, base, reference, str(orgs["dukcapil"].id), "civil_documents",
                           ("identity", "nik"))
    steps.log_out(page)

    steps.log_in(page, base, "petugas")
    shoot(page, "uptd-home")
    steps.unit_accepts_and_serves(page, base, uptd, "psychological", shoot=shoot)
    shoot(page, "uptd-completed")
    page.goto(f"{base}/referrals/{uptd}")
    steps.assert_fits_the_phone(page)
    steps.log_out(page)

    steps.log_in(page, base, "petugas-dukcapil")
    steps.unit_accepts_and_serves(page, base, dukcapil, "civil_documents", "ktp_el", shoot=shoot)
    shoot(page, "dukcapil-completed")
    steps.log_out(page)

    steps.log_in(page, base, "paralegal")
    page.goto(f"{base}/cases/{reference}")
    expect(page.locator("#referrals")).to_contain_text("Selesai")
    shoot(page, "case-with-referrals")
    steps.assert_fits_the_phone(page)
    steps.close_case(page, base, reference)
    expect(page.locator(".status").first).to_have_text("Ditutup")
    shoot(page, "case-closed")
    steps.log_out(page)

    steps.supervisor_logs_in_with_totp(page, base, "supervisor")
    shoot(page, "supervisor-recovery-codes")
    for action, label in action_labels(app, STEPS).items():
        page.goto(f"{base}/audit/?case={reference}&action={action}")
        expect(page.locator("main")).to_contain_text(label)
        expect(page.locator("main")).to_contain_text(reference)
    # The two services recorded by the units (psychological, and the KTP-el issued by
    # Dukcapil) are "create" entries of their own, beside the case's registration.
    page.goto(f"{base}/audit/?case={reference}&action=create")
    service = object_label(app, "service")
    expect(page.locator(".audit-log li", has_text=service)).to_have_count(2)
    page.goto(f"{base}/audit/?case={reference}")
    shoot(page, "access-log")
    steps.assert_fits_the_phone(page)
    page.goto(f"{base}/reports/")
    shoot(page, "reports")
    steps.assert_fits_the_phone(page)
    # The NGO's supervisor sees the centre's one case counted, but a table of fewer than
    # five cases in all reads "<5" everywhere, zeros too: nothing can be worked out from it.
    expect(page.locator("tr", has_text="Penganiayaan fisik")).to_contain_text("<5")
    expect(page.locator("tr", has_text="Perkosaan").first).to_contain_text("<5")
    expect(page.locator("tr", has_text="Perkosaan").first).not_to_contain_text("0")
    # One service of each kind was given: each row of the services table counts it ("<5").
    services = page.locator("table", has=page.locator("tr", has_text="Layanan psikologis"))
    expect(services.locator("tr", has_text="Layanan psikologis")).to_contain_text("<5")
    expect(services.locator("tr", has_text="Layanan administrasi kependudukan")).to_contain_text(
        "<5")
