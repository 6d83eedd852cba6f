"""A form sent again after its answer was lost (a weak connection: the server saved, the phone
never heard) saves nothing twice: the retry is sent to what the first one saved."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from casework.cases.models import Case, CaseNote
from casework.extensions import db
from tests.conftest import case_data


def _token(page: str) -> str:
    """The one-time token of the form on a page."""
    return re.search(r'name="submission" value="([^"]+)"', page).group(1)


def _count(app, model) -> int:
    """How many rows of a model exist."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_registering_twice_makes_one_case(app, client, login, make_user):
    """The same intake form posted twice: one case; the second answer leads to it."""
    login(client, make_user("paralegal"))
    token = _token(client.get("/cases/new").get_data(as_text=True))
    data = {**case_data(name="Sekali Saja"), "submission": token}
    first = client.post("/cases/new", data=data)
    again = client.post("/cases/new", data=data, follow_redirects=True)
    assert _count(app, Case) == 1
    assert again.request.path == first.headers["Location"]
    assert "sudah tersimpan" in again.get_data(as_text=True)


def test_a_note_sent_twice_is_saved_once(app, as_paralegal, centre):
    """The note form posted twice with its token: one note."""
    ref = centre.case.reference
    token = _token(as_paralegal.get(f"/cases/{ref}").get_data(as_text=True))
    for _ in range(2):
        as_paralegal.post(f"/cases/{ref}/notes", data={"body": "Ditelepon.", "submission": token})
    assert _count(app, CaseNote) == 1


def test_each_showing_of_a_form_is_a_new_submission(app, as_paralegal, centre):
    """Two notes written one after the other (the form shown anew) are two notes."""
    ref = centre.case.reference
    for body in ("Pertama.", "Kedua."):
        token = _token(as_paralegal.get(f"/cases/{ref}").get_data(as_text=True))
        as_paralegal.post(f"/cases/{ref}/notes", data={"body": body, "submission": token})
    assert _count(app, CaseNote) == 2


def test_a_token_is_no_use_to_someone_else(app, client, login, centre, make_user):
    """Another paralegal posting a colleague's token saves her own case, not a redirect."""
    login(client, centre.paralegal)
    token = _token(client.get("/cases/new").get_data(as_text=True))
    client.post("/cases/new", data={**case_data(name="Milik Satu", nik="", phone=""),
                                    "submission": token})
    login(client, centre.colleague)
    response = client.post("/cases/new", data={**case_data(name="Milik Dua", nik="", phone=""),
                                               "submission": token})
    assert response.status_code == 302
    assert _count(app, Case) == 3  # the centre's own case, and one each
