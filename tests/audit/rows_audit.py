"""The access log's own pages: reading the log, a person's or a case's history, exporting,
and the admins' failed logins."""

from tests.audit.coverage import audited

ROWS = [
    audited("audit.index", "GET", "list", object_type="audit_log", role="supervisor",
            with_case_ref=False),
    audited("audit.person", "GET", "list", object_type="audit_log", role="supervisor",
            with_case_ref=False, setup=lambda world, _values: {"person_id": world.colleague.id}),
    audited("audit.export", "GET", "export", object_type="audit_log", role="supervisor",
            with_case_ref=False),
    audited("audit.case_history", "GET", "view", object_type="access_history"),
    # The World's log is whole, so the acknowledgement is refused, and that is logged too.
    audited("audit.acknowledge", "POST", "audit_acknowledge", object_type="audit_range",
            role="supervisor", with_case_ref=False,
            data={"first_seq": "1", "last_seq": "1", "reason": "Diperiksa, baris uji coba."}),
    audited("admin.failed_logins", "GET", "list", object_type="audit_log", role="admin",
            with_case_ref=False),
    audited("admin.break_glass", "GET", "list", object_type="audit_log", role="admin",
            with_case_ref=False),
]
