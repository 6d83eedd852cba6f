"""Matrix rows for the notification pages: each member of staff her own list, choices and
contact details; the failed deliveries and another account's contact details for admins."""

from tests.access.matrix import ALLOW, DENY, LOGIN, expect

STAFF = {"anonymous": LOGIN, "paralegal": ALLOW, "service_staff": ALLOW, "supervisor": ALLOW,
         "admin": ALLOW}
ADMIN_ONLY = {"anonymous": LOGIN, "paralegal": DENY, "service_staff": DENY,
              "supervisor": DENY, "admin": ALLOW}
CONTACT = {"email": "petugas@contoh.or.id", "mobile": "0812 3456 7001"}

ROWS = [
    *expect("notifications.index", "GET", **STAFF),
    *expect("notifications.read", "POST", **STAFF),
    *expect("notifications.settings", "GET", **STAFF),
    *expect("notifications.settings", "POST", **STAFF),
    *expect("notifications.contact", "POST", CONTACT, **STAFF),
    *expect("notifications.failed", "GET", **ADMIN_ONLY),
    *expect("admin.user_contact", "POST", CONTACT, **ADMIN_ONLY),
]
