"""What a person does in the browser, one function per step of the journey."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

REFERENCE = re.compile(r"/cases/([2-9A-Z]{4}-[2-9A-Z]{4})$")

# What the paralegal types at intake: every text field, so each can be checked afterwards.
INTAKE = {
    "name": "Sri Rahayu Lestari",
    "alias": "Yayu",
    "nik": "3204055708900003",
    "phone": "0812 3456 7890",
    "address": "Kampung Sukamaju RT 02 RW 05",
    "province_code": "32",
    "regency_code": "3204",
    "district_code": "320405",
    "safe_phone": "0857 1111 2222",
    "safe_time": "Pagi, jam 8 sampai 10",
    "code_word": "melati",
    "perpetrator_name": "Budi (suami)",
    "perpetrator_details": "Bekerja di pasar, pulang malam.",
    "narrative": "Dipukul di rumah pada malam hari; tetangga mendengar.",
}
INTAKE_CHOICES = {
    "consent_given_by": "survivor",
    "sex": "female",
    "age_band": "25-44",
    "gbv_type": "physical_assault",
    "place": "household",
    "perpetrator_relationship": "spouse",
    "may_leave_message": "no",
}


def submit_and_wait(page: Page, button: str) -> None:
    """Press a form's button and wait for the answer to replace the page (forms marked
    data-keep-input are sent with fetch, so the address may not change)."""
    page.evaluate("document.documentElement.dataset.before = 'yes'")
    page.click(button)
    for _ in range(300):  # polled from here: the page's CSP forbids wait_for_function's eval
        if page.evaluate("document.documentElement.dataset.before") is None:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the form's answer never came")
    page.wait_for_load_state()


def log_in(page: Page, base: str, username: str, password: str = PASSWORD,
           totp_secret: str | None = None) -> None:
    """Log in through the login form (and the second-factor form when one is asked)."""
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form button[type=submit].primary")
    page.wait_for_load_state()
    if totp_secret and page.locator("input[name=code]").count():
        import pyotp

        page.fill("input[name=code]", pyotp.TOTP(totp_secret).now())
        page.click("form button[type=submit].primary")
        page.wait_for_load_state()
    expect(page.locator("form[action$='/logout']")).to_have_count(1)


def log_out(page: Page) -> None:
    """Log out with the button in the bar."""
    page.click("form[action$='/logout'] button")
    page.wait_for_url(re.compile(r"/login"))


def fill_intake(page: Page, text: dict[str, str] | None = None) -> None:
    """Fill the new-case form: consent first, then survivor, safe contact and incident."""
    page.check("#consent_record")
    page.check("#consent_contact")
    page.check("#consent_statistics")
    for name, value in INTAKE_CHOICES.items():
        page.select_option(f"#{name}", value)
    for name, value in (text or INTAKE).items():
        page.fill(f"#{name}", value)
    page.check("input[name=forms][value=physical]")
    page.check("input[name=forms][value=psychological]")


def register_case(page: Page, base: str, text: dict[str, str] | None = None) -> str:
    """Open the new-case page from the list, fill it, save; return the new reference."""
    page.goto(f"{base}/cases/")
    page.click("a[href='/cases/new']")
    fill_intake(page, text)
    submit_and_wait(page, "form.case-form button[type=submit]")
    page.wait_for_url(REFERENCE)
    return REFERENCE.search(page.url).group(1)


def close_case(page: Page, base: str, reference: str) -> None:
    """Close the case from its page with a reason and a final note."""
    page.goto(f"{base}/cases/{reference}")
    page.click(f"a[href='/cases/{reference}/close']")
    page.select_option("#reason", "needs_met")
    page.fill("#note", "Layanan selesai; penyintas aman bersama keluarganya.")
    submit_and_wait(page, "form[data-keep-input] button[type=submit]")
    page.wait_for_url(re.compile(rf"/cases/{reference}$"))


def refer(page: Page, base: str, reference: str, unit_id: str, service: str,
          groups: tuple[str, ...]) -> str:
    """From the case page: a new referral to a unit, with her consent to share some groups."""
    page.goto(f"{base}/cases/{reference}")
    page.click(f"a[href='/cases/{reference}/referrals/new']")
    page.select_option("#unit", unit_id)
    page.check(f"input[name=services][value={service}]")
    page.select_option("#urgency", index=1)
    page.fill("#reason", "Butuh pendampingan segera; penyintas sudah setuju.")
    page.check("#consent_given")
    page.select_option("#consent_given_by", "survivor")
    for group in groups:
        page.check(f"input[name=groups][value={group}]")
    submit_and_wait(page, "form[data-keep-input] button[type=submit].primary")
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}$"))
    return page.url.rsplit("/", 1)[-1]


def unit_accepts_and_serves(page: Page, base: str, referral_id: str, service: str,
                            document: str | None = None, shoot=None) -> None:
    """Service staff: open the referral from the inbox, accept, record the service, complete."""
    page.goto(f"{base}/referrals/")
    page.click(f"a[href='/referrals/{referral_id}']")
    page.click(f"form[action$='/referrals/{referral_id}/accept'] button")
    page.wait_for_url(re.compile(rf"/referrals/{referral_id}$"))
    page.select_option("#service_type", service)
    page.select_option("#outcome", "provided")
    if document:
        page.select_option("#document_type", document)
        page.check("#document_issued")
    page.fill("#services #note", "Layanan diberikan sesuai permintaan.")
    if shoot:
        shoot(page, f"unit-records-{service}")
    submit_and_wait(page, "#services button[type=submit]")
    expect(page.locator(".flash.success")).to_be_visible()
    page.fill("#complete #note", "Rujukan selesai.")
    submit_and_wait(page, "#complete button[type=submit]")
    expect(page.locator(".flash.success")).to_be_visible()


def supervisor_logs_in_with_totp(page: Page, base: str, username: str) -> str:
    """First login of a supervisor: set up the authenticator from the key shown, then go on."""
    import pyotp

    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/login/enrol"))
    page.click("form:has(input[name=start]) button[type=submit]")
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("form:has(#code) button[type=submit]")
    page.wait_for_load_state()
    return secret


WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => { for (let p = e.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return false; }
    return true; })
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
  .slice(0, 8)"""


def assert_fits_the_phone(page: Page) -> None:
    """Nothing on the page makes a 360 px phone scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide: {page.evaluate(WIDER_THAN_SCREEN)}"
