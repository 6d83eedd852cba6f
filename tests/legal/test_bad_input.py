"""Bad input of the legal process: each refused with a clear message, the typed input kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.extensions import db
from casework.legal.models import LegalStep
from tests.legal.conftest import days

FUTURE = "Tanggal ini tidak boleh di masa depan."


def _count(app) -> int:
    """How many steps are recorded."""
    with app.app_context():
        return len(db.session.scalars(select(LegalStep)).all())


def _refused(response, *kept: str) -> str:
    """The refusal page, checked to keep what she typed."""
    assert response.status_code == 422
    page = response.data.decode()
    assert "tidak ada isian Anda yang hilang" in page
    for value in kept:
        assert value in page
    return page


@pytest.mark.parametrize("kind,label", [("verdict", "Putusan"), ("trial", "Persidangan"),
                                        ("p21", "Berkas lengkap (P21)")])
def test_step_dated_before_the_police_report(app, as_paralegal, centre, add_step, kind, label):
    """A verdict, trial or P21 dated before the police report is refused on its date."""
    add_step(centre.case, centre.paralegal, "police_report", days(-10))
    data = {"kind": kind, "step_on": days(-20).isoformat(), "accompanied_by": "LBH Apik Jabar"}
    if kind == "verdict":
        data["sentence"] = "Penjara 7 tahun"
    response = as_paralegal.post(f"/cases/{centre.case.reference}/legal/new", data=data)
    page = _refused(response, days(-20).isoformat(), "LBH Apik Jabar")
    assert f"{label} tidak boleh bertanggal sebelum laporan polisi" in page
    if kind == "verdict":
        assert "Penjara 7 tahun" in page
    assert _count(app) == 1


def test_police_report_moved_after_a_verdict(app, as_paralegal, centre, add_step):
    """Moving the police report after the verdict already recorded is refused too."""
    report = add_step(centre.case, centre.paralegal, "police_report", days(-30))
    add_step(centre.case, centre.paralegal, "verdict", days(-5), sentence="Penjara 5 tahun")
    response = as_paralegal.post(f"/cases/{centre.case.reference}/legal/{report}", data={
        "version": "1", "step_on": days(-1).isoformat(), "report_number": "LP/77"})
    page = _refused(response, "LP/77", days(-1).isoformat())
    assert "bertanggal sebelum laporan polisi ini" in page


def test_protection_order_ending_before_it_starts(app, as_paralegal, centre):
    """A protection order whose end is before its start is refused on the end date."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/legal/new", data={
        "kind": "protection_order_granted", "step_on": days(-1).isoformat(),
        "ordered_by": "court", "starts_on": days(10).isoformat(), "ends_on": days(2).isoformat(),
        "restrictions": "Dilarang mendekati rumah korban"})
    page = _refused(response, "Dilarang mendekati rumah korban", days(2).isoformat())
    assert "Perintah tidak boleh berakhir sebelum mulai berlaku." in page
    assert _count(app) == 0


def test_restitution_amount_negative(app, as_paralegal, centre):
    """A negative restitution amount is refused."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/legal/new", data={
        "kind": "restitution_requested", "step_on": days(0).isoformat(), "amount": "-5000000"})
    page = _refused(response, "-5000000")
    assert "Jumlah tidak boleh negatif." in page
    assert _count(app) == 0


def test_restitution_amount_not_a_number(app, as_paralegal, centre):
    """A restitution amount that is not a whole number of rupiah is refused."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/legal/new", data={
        "kind": "restitution_paid", "step_on": days(0).isoformat(), "amount": "lima juta"})
    page = _refused(response, "lima juta")
    assert "Tulis jumlah dalam rupiah sebagai bilangan bulat" in page
    assert _count(app) == 0


def test_step_dated_in_the_future(app, as_paralegal, centre):
    """A step that has not happened yet cannot be recorded with a future date."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/legal/new", data={
        "kind": "police_report", "step_on": days(3).isoformat(), "report_number": "LP/99"})
    page = _refused(response, "LP/99", days(3).isoformat())
    assert FUTURE in page
    assert _count(app) == 0
