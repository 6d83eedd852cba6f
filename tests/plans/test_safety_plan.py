"""Safety plan: encrypted steps, versions kept, a printable slip, revisits, her choice of a copy."""

from __future__ import annotations

from sqlalchemy import select, text

from casework.extensions import db
from casework.plans.models import SafetyPlan
from tests.plans.conftest import MARKUP, TOMORROW, YESTERDAY, audit_actions

PLACE = "Rumah bibi di Desa Sukamaju-CANARY7"


def plan_data(**overrides) -> dict:
    """A valid safety plan form."""
    data = {"based_on": "0", "safe_places": PLACE, "trusted_people": "Ibu RT",
            "signals": "Lampu teras menyala", "emergency_contacts": "SAPA 129",
            "leaving_kit": "KTP, KK, obat", "copy_status": "not_offered"}
    data.update(overrides)
    return data


def test_plan_saved_encrypted_and_shown(app, as_paralegal, centre):
    """The steps show on the page and are not stored in clear."""
    ref = centre.case.reference
    response = as_paralegal.post(f"/cases/{ref}/safety-plan", data=plan_data())
    assert response.status_code == 302
    assert PLACE in as_paralegal.get(f"/cases/{ref}/safety-plan").data.decode()
    with app.app_context():
        raw = db.session.execute(text("SELECT * FROM plan_safety_plan")).all()
        assert raw and "CANARY7" not in repr(raw)
    assert audit_actions(app, "safety_plan") == ["create", "view"]


def test_new_version_keeps_the_old(app, as_paralegal, centre):
    """Saving again makes version 2; version 1 can still be printed."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/safety-plan", data=plan_data())
    as_paralegal.post(f"/cases/{ref}/safety-plan",
                      data=plan_data(based_on="1", safe_places="Rumah aman UPTD"))
    with app.app_context():
        assert sorted(db.session.scalars(select(SafetyPlan.number))) == [1, 2]
    assert "Rumah aman UPTD" in as_paralegal.get(f"/cases/{ref}/safety-plan/print").data.decode()
    old = as_paralegal.get(f"/cases/{ref}/safety-plan/print?number=1").data.decode()
    assert PLACE in old and "Rumah aman UPTD" not in old


def test_second_writer_told_and_text_kept(as_paralegal, centre):
    """Two open version 0; the second save is refused with her text still on the page."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/safety-plan", data=plan_data())
    late = as_paralegal.post(f"/cases/{ref}/safety-plan",
                             data=plan_data(signals="Kode: beli garam"))
    assert late.status_code == 409
    page = late.data.decode()
    assert "Kode: beli garam" in page and "Orang lain menyimpan" in page
    assert "Kode: beli garam" not in as_paralegal.get(f"/cases/{ref}/safety-plan/print").data.decode()


def test_print_slip_is_small_and_gives_nothing_away(as_paralegal, centre):
    """The slip has the steps and the print stylesheet, but no reference or name."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/safety-plan", data=plan_data())
    slip = as_paralegal.get(f"/cases/{ref}/safety-plan/print")
    page = slip.data.decode()
    assert slip.status_code == 200 and PLACE in page
    assert "plan-print.css" in page and "Siti" not in page
    assert f"<h1>{ref}" not in page and "Rencana keselamatan saya" in page
    assert slip.headers["Cache-Control"] == "no-store"
    assert len(slip.data) < 6000
    assert as_paralegal.get("/static/plan-print.css").status_code == 200


def test_no_plan_no_slip(as_paralegal, centre):
    """Before any plan, the print page is a 404, and a bad version number too."""
    ref = centre.case.reference
    assert as_paralegal.get(f"/cases/{ref}/safety-plan/print").status_code == 404
    as_paralegal.post(f"/cases/{ref}/safety-plan", data=plan_data())
    assert as_paralegal.get(f"/cases/{ref}/safety-plan/print?number=x1").status_code == 404
    assert as_paralegal.get(f"/cases/{ref}/safety-plan/print?number=9").status_code == 404


def test_revisit_recorded_and_future_refused(as_paralegal, centre):
    """A revisit date is listed; one in the future is refused with a message."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/safety-plan", data=plan_data())
    ok = as_paralegal.post(f"/cases/{ref}/safety-plan/review",
                           data={"reviewed_on": YESTERDAY, "note": "Masih aman di rumah bibi"})
    assert ok.status_code == 302
    assert "Masih aman di rumah bibi" in as_paralegal.get(f"/cases/{ref}/safety-plan").data.decode()
    ahead = as_paralegal.post(f"/cases/{ref}/safety-plan/review",
                              data={"reviewed_on": TOMORROW, "note": "Belum terjadi"})
    assert ahead.status_code == 422
    assert "masa depan" in ahead.data.decode() and "Belum terjadi" in ahead.data.decode()


def test_her_choice_about_the_copy(as_paralegal, centre):
    """She may refuse to keep a copy; the case page says so."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/safety-plan", data=plan_data())
    as_paralegal.post(f"/cases/{ref}/safety-plan/copy", data={"copy_status": "refused"})
    assert "memilih tidak menyimpan salinan" in as_paralegal.get(f"/cases/{ref}").data.decode()


def test_empty_plan_refused(as_paralegal, centre):
    """A plan without a single step is refused with a message."""
    empty = {"based_on": "0", "copy_status": "not_offered"}
    response = as_paralegal.post(f"/cases/{centre.case.reference}/safety-plan", data=empty)
    assert response.status_code == 422
    assert "paling sedikit satu langkah" in response.data.decode()


def test_long_plan_kept_and_too_long_refused(as_paralegal, centre):
    """5,000 characters a step are kept whole; more is refused without losing the rest."""
    ref = centre.case.reference
    long_text = "langkah " * 625
    assert as_paralegal.post(f"/cases/{ref}/safety-plan",
                             data=plan_data(other_steps=long_text)).status_code == 302
    assert long_text.strip() in as_paralegal.get(f"/cases/{ref}/safety-plan/print").data.decode()
    too_long = as_paralegal.post(f"/cases/{ref}/safety-plan",
                                 data=plan_data(based_on="1", other_steps="x" * 5001))
    assert too_long.status_code == 422 and PLACE in too_long.data.decode()


def test_markup_escaped_on_the_slip(as_paralegal, centre):
    """Markup in a step is printed as text."""
    ref = centre.case.reference
    as_paralegal.post(f"/cases/{ref}/safety-plan", data=plan_data(signals=MARKUP))
    page = as_paralegal.get(f"/cases/{ref}/safety-plan/print").data.decode()
    assert MARKUP not in page and "&lt;script&gt;" in page
