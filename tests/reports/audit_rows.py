"""The statistics page and its exports: each look and each download writes one entry.

reports.home (each person's dashboard) is declared in tests/audit/rows_accounts_admin.py as a
redirect; it now lists case references and writes a 'list' entry for paralegals and
supervisors: the lead moves it here as a row when that declaration is removed.
"""

from tests.audit.coverage import audited

ROWS = [
    audited("reports.index", "GET", "view", object_type="report", role="supervisor",
            with_case_ref=False),
    audited("reports.export_tables", "GET", "export", object_type="report_tables",
            role="supervisor", with_case_ref=False),
    audited("reports.export_simfoni", "GET", "export", object_type="simfoni",
            role="supervisor", with_case_ref=False),
    audited("reports.export_gbvims", "GET", "export", object_type="gbvims",
            role="supervisor", with_case_ref=False),
    # Without a village chosen: the page lists the villages served, the CSV is refused; both
    # are written (tests/reports/test_village_page.py checks a real production).
    audited("reports.village_page", "GET", "view", object_type="village_report",
            role="supervisor", with_case_ref=False),
    audited("reports.village_export", "GET", "export", object_type="village_report",
            role="supervisor", with_case_ref=False),
]
