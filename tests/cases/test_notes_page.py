"""A long-running case: the case page shows the newest notes and links to all of them; the
notes page holds every note, a page at a time, for those who may see the case."""

from __future__ import annotations

import pytest

from casework.accounts.models import User
from casework.cases.models import Case
from casework.cases.operations import add_note
from casework.extensions import db


@pytest.fixture
def app_config() -> dict:
    """Pages of five, so a dozen notes make three."""
    return {"PAGE_SIZE": 5}


def _add_notes(app, case, author, count: int) -> None:
    """Notes numbered 1 to count, oldest first."""
    with app.test_request_context():
        row, user = db.session.get(Case, case.id), db.session.get(User, author.id)
        for number in range(1, count + 1):
            add_note(row, f"Catatan nomor {number:02d}.", user)
        db.session.commit()


def test_case_page_shows_the_newest_ten_and_links_to_all(app, as_paralegal, centre):
    """Twelve notes: the two oldest are not on the case page, the link names all twelve."""
    _add_notes(app, centre.case, centre.paralegal, 12)
    page = as_paralegal.get(f"/cases/{centre.case.reference}").get_data(as_text=True)
    assert "Catatan nomor 12." in page and "Catatan nomor 03." in page
    assert "Catatan nomor 02." not in page
    assert f'href="/cases/{centre.case.reference}/notes"' in page and "12" in page


def test_notes_page_pages_through_every_note(app, as_paralegal, centre):
    """Newest first, five a page."""
    _add_notes(app, centre.case, centre.paralegal, 12)
    pages = [as_paralegal.get(f"/cases/{centre.case.reference}/notes?page={n}")
             .get_data(as_text=True) for n in (1, 2, 3)]
    assert "Catatan nomor 12." in pages[0] and "Catatan nomor 08." in pages[0]
    assert "Catatan nomor 07." in pages[1] and "Catatan nomor 01." in pages[2]


def test_notes_page_of_another_centre_is_not_found(app, client, login, centre, make_user,
                                                   make_org):
    """Someone who may not see the case gets a 404, like the case page."""
    login(client, make_user("paralegal", make_org()))
    assert client.get(f"/cases/{centre.case.reference}/notes").status_code == 404
