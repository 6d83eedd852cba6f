"""Follow-ups: a dated contact with an outcome and a next date; refusals on closed or others' cases."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from casework.extensions import db
from casework.i18n import local_today
from casework.plans.models import FollowUp
from tests.plans.conftest import MARKUP, NEXT_WEEK, TOMORROW, YESTERDAY, audit_actions


def followup_data(**overrides) -> dict:
    """A valid follow-up form."""
    data = {"contact_on": local_today().isoformat(), "method": "call", "outcome": "reached_safe",
            "note": "Sudah pindah ke rumah bibi.", "next_on": NEXT_WEEK}
    data.update(overrides)
    return data


def test_followup_recorded_and_listed(app, as_paralegal, centre):
    """The contact shows on the case page and the follow-up page, with the next date."""
    ref = centre.case.reference
    assert as_paralegal.post(f"/cases/{ref}/followups", data=followup_data()).status_code == 302
    page = as_paralegal.get(f"/cases/{ref}/followups").data.decode()
    assert "Sudah pindah ke rumah bibi." in page and "Telepon" in page
    assert "Terhubung; penyintas aman" in as_paralegal.get(f"/cases/{ref}").data.decode()
    assert audit_actions(app, "followup") == ["create", "view"]


def test_future_contact_and_past_next_date_refused(as_paralegal, centre):
    """A contact dated tomorrow, or a next date yesterday, is refused with the input kept."""
    ref = centre.case.reference
    ahead = as_paralegal.post(f"/cases/{ref}/followups", data=followup_data(contact_on=TOMORROW))
    assert ahead.status_code == 422 and "masa depan" in ahead.data.decode()
    behind = as_paralegal.post(f"/cases/{ref}/followups", data=followup_data(next_on=YESTERDAY))
    assert behind.status_code == 422 and "sudah lewat" in behind.data.decode()
    assert "Sudah pindah ke rumah bibi." in behind.data.decode()


def test_method_and_outcome_required(as_paralegal, centre):
    """Without the way of contact and its outcome the form comes back."""
    response = as_paralegal.post(f"/cases/{centre.case.reference}/followups",
                                 data=followup_data(method="", outcome=""))
    assert response.status_code == 422
    assert "Sudah pindah ke rumah bibi." in response.data.decode()


def test_new_contact_answers_the_earlier_next_date(app, as_paralegal, centre):
    """Only the latest contact's next date counts as due."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/followups", data=followup_data())
    as_paralegal.post(f"/cases/{ref}/followups", data=followup_data(note="Kedua", next_on=""))
    with app.app_context():
        rows = db.session.scalars(select(FollowUp).order_by(FollowUp.recorded_at)).all()
        assert rows[0].answered_at is not None and rows[1].answered_at is None


def test_followup_on_closed_case_refused(as_paralegal, centre):
    """A closed case takes no follow-up: a clear message, nothing saved, never a 500."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/close", data={"reason": "needs_met", "note": "Selesai.",
                                                   "version": "1"})
    response = as_paralegal.post(f"/cases/{ref}/followups", data=followup_data(),
                                 follow_redirects=True)
    assert "buka kembali sebelum mencatat tindak lanjut" in response.data.decode()
    assert "Sudah pindah ke rumah bibi." not in response.data.decode()


def test_followup_on_case_not_assigned_refused(app, client, login, centre):
    """A colleague not assigned to the case gets the same 404 as for a case that does not exist."""
    login(client, centre.colleague)
    response = client.post(f"/cases/{centre.case.reference}/followups", data=followup_data())
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalars(select(FollowUp)).all() == []
    assert client.get(f"/cases/{centre.case.reference}/followups").status_code == 404


def test_markup_escaped(as_paralegal, centre):
    """Markup in a note comes back as text."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/followups", data=followup_data(note=MARKUP))
    page = as_paralegal.get(f"/cases/{ref}/followups").data.decode()
    assert MARKUP not in page and "&lt;script&gt;" in page


def test_old_dates_do_not_break_the_page(app, as_paralegal, centre):
    """A contact long ago (entered late) is accepted and sorted among the others."""
    long_ago = (local_today() - timedelta(days=400)).isoformat()
    ref = centre.case.reference
    response = as_paralegal.post(f"/cases/{ref}/followups",
                                 data=followup_data(contact_on=long_ago, next_on=""))
    assert response.status_code == 302
