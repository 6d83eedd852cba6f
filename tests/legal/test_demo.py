"""The demo's invented cases show the legal process: steps, a protection order in force,
restitution granted and paid, and the steps counted in the statistics."""

from __future__ import annotations

from sqlalchemy import select

from casework.accounts.models import User
from casework.cases.models import Case, Survivor
from casework.demo import seed_demo
from casework.extensions import db


def test_demo_cases_show_the_legal_process(app, client, login):
    """The paralegal's first case has an order in force (banner); the third has its verdict
    and restitution; every demo case's steps are in the timeline."""
    with app.test_request_context():
        seed_demo()
        db.session.commit()
        paralegal = db.session.scalar(select(User).where(User.username == "paralegal"))
        # The showcase cases, not the village cases seeded for the data pilah.
        cases = db.session.scalars(select(Case).join(Survivor).where(
            Case.organisation_id == paralegal.organisation_id, Survivor.village_code.is_(None))
            .order_by(Case.created_at)).all()
        refs = [case.reference for case in cases]
    login(client, paralegal)
    first = client.get(f"/cases/{refs[0]}").data.decode()
    assert "Perintah pelindungan berlaku sampai" in first
    assert "LBH APIK Jawa Barat (contoh)" in first
    third = client.get(f"/cases/{refs[2]}").data.decode()
    assert "Putusan" in third and "Restitusi dibayarkan" in third and "Rp 15.000.000" in third
    assert "Perintah pelindungan berlaku sampai" not in third
    timeline = client.get(f"/cases/{refs[1]}/timeline").data.decode()
    assert "Proses hukum: Perlindungan LPSK diberikan" in timeline
