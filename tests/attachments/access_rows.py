"""Rows of the shared authorisation matrix (tests/access) for attachments.

The attachment is a PDF on the case of the row's relation. Service staff download only through
an accepted referral that shares the "documents" group, which the World does not hold: they are
refused here (tests/attachments/test_download_access.py has the referral that lets them).
"""

from __future__ import annotations

from casework.attachments.operations import case_attachments, save_attachment
from casework.extensions import db
from tests.access.matrix import case_rows, register_arg

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _attachment_id(world, relation: str):
    """A PDF on the case of the relation: its newest, or a new one (an allowed delete
    removes it, and the next row of the endpoint needs one again)."""

    def newest_or_new(case, author):
        found = db.session.scalars(case_attachments(case.id).limit(1)).first()
        return (found or save_attachment(case, "surat.pdf", "application/pdf", PDF, author)).id

    return world.make_in_case(relation, newest_or_new)


register_arg("attachment_id", _attachment_id, of_case=True)

ROWS = [
    *case_rows("attachments.index", "GET"),
    # No file in the form: an allowed upload is told to choose one.
    *case_rows("attachments.upload", "POST"),
    *case_rows("attachments.download", "GET"),
    *case_rows("attachments.delete", "POST"),
]
