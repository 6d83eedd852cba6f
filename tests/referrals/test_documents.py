"""The "documents" group: a unit downloads the case's files only through an accepted referral
that shares documents, and loses them when the referral ends."""

from __future__ import annotations

import io
import re

import pytest

from tests.attachments.conftest import pdf_bytes


@pytest.fixture
def file_link(world, as_user) -> str:
    """Upload a PDF to the case as its paralegal; return its download link."""
    client = as_user(world.paralegal)
    page = client.post(f"/cases/{world.case.reference}/attachments",
                       data={"file": (io.BytesIO(pdf_bytes()), "surat-dokter.pdf", "application/pdf")},
                       content_type="multipart/form-data", follow_redirects=True)
    return re.search(r'href="(/attachments/[0-9a-f-]{36})"', page.get_data(as_text=True)).group(1)


def test_unit_downloads_shared_documents_once_it_accepts(world, refer, as_user, file_link):
    referral_id = refer(groups=["documents"])
    staff = as_user(world.uptd_staff)
    assert staff.get(file_link).status_code == 404          # not accepted yet
    staff.post(f"/referrals/{referral_id}/accept")
    page = staff.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert "surat-dokter.pdf" in page and file_link in page
    download = staff.get(file_link)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    as_user(world.paralegal).post(f"/referrals/{referral_id}/withdraw", data={})
    assert staff.get(file_link).status_code == 404          # access ended with the referral


def test_no_documents_without_the_group(world, refer, as_user, file_link):
    referral_id = refer(groups=["identity"])
    staff = as_user(world.uptd_staff)
    staff.post(f"/referrals/{referral_id}/accept")
    assert "surat-dokter.pdf" not in staff.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert staff.get(file_link).status_code == 404
    other_unit = as_user(world.dinsos_staff)
    assert other_unit.get(file_link).status_code == 404
