"""Issue 16, item 8: a purged case's page says its name was deleted ("dihapus"), never
"Nama None"."""

from __future__ import annotations

from sqlalchemy import update

from casework.accounts.models import User
from casework.extensions import db
from tests.retention.conftest import close


def test_purged_case_reads_dihapus(app, client, login, centre):
    case, supervisor = centre["case"], centre["supervisor"]
    close(app, case)
    with app.app_context():
        db.session.execute(update(User).where(User.id == supervisor.id).values(locale="id"))
        db.session.commit()
    login(client, supervisor)
    purged = client.post(f"/cases/{case.reference}/purge", follow_redirects=True,
                         data={"reason": "survivor_request", "confirm": case.reference})
    assert purged.status_code == 200
    page = client.get(f"/cases/{case.reference}").get_data(as_text=True)
    assert "dihapus" in page
    assert "None" not in page
