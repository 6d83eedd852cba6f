"""Audit rows of the notification pages: reading one's list and choices, and every change,
is logged (none touches survivor data: a notification holds none)."""

from tests.audit.coverage import audited

CONTACT = {"email": "petugas@contoh.or.id", "mobile": "0812 3456 7001"}

ROWS = [
    audited("notifications.index", "GET", "list", object_type="notification",
            with_case_ref=False),
    audited("notifications.read", "POST", "update", object_type="notification",
            with_case_ref=False),
    audited("notifications.settings", "GET", "view", object_type="notification_settings",
            with_case_ref=False),
    audited("notifications.settings", "POST", "update", object_type="notification_settings",
            data={"new_referral": "digest"}, with_case_ref=False),
    audited("notifications.contact", "POST", "update", object_type="user", data=CONTACT,
            with_case_ref=False),
    audited("notifications.failed", "GET", "list", object_type="notification", role="admin",
            with_case_ref=False),
    audited("admin.user_contact", "POST", "update", object_type="user", role="admin",
            data=CONTACT, with_case_ref=False,
            setup=lambda world, _values: {"user_id": world.colleague.id}),
]
