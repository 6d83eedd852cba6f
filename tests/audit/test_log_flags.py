"""Flags that draw a supervisor's eye: break-glass with its reason, refusals, failed-login bursts,
many cases in a short time, and access outside working hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import g

from casework.audit.operations import record
from casework.extensions import db

REASON = "Paralegal is ill; the survivor called about her hearing date"


def _record_as(app, person, count: int, action: str, **fields) -> None:
    """Entries written by a person's requests (one request each)."""
    for number in range(count):
        with app.test_request_context("/"):
            values = {key: (value.format(n=number) if isinstance(value, str) else value)
                      for key, value in fields.items()}
            record(action, actor=(person.id, person.organisation_id), **values)
            db.session.commit()
            db.session.remove()


def test_request_flags_join_the_entry(app):
    """g.audit_flags (set by the case loader for break-glass) is added to the caller's flags."""
    with app.test_request_context("/"):
        g.audit_flags = "break_glass"
        entry = record("view", object_type="case", flags="locked,break_glass")
        assert entry.flags == "locked,break_glass"
        g.audit_flags = ["break_glass", "other"]
        assert record("view").flags == "break_glass,other"
        db.session.rollback()


def test_break_glass_opening_shows_flag_and_reason(app, client, login, two_ngos):
    """A supervisor opens an unassigned case with a reason: the log shows both, the panel the flag."""
    a = two_ngos["a"]
    ref = a["case"].reference
    login(client, a["supervisor"])
    assert client.get(f"/cases/{ref}").status_code == 302
    client.post(f"/cases/{ref}/reason", data={"reason": REASON, "next": f"/cases/{ref}"})
    assert client.get(f"/cases/{ref}").status_code == 200
    text = client.get("/audit/?flag=break_glass").get_data(as_text=True)
    assert "flag-break_glass" in text and REASON in text and ref in text
    paralegal = app.test_client()
    login(paralegal, a["paralegal"])
    panel = paralegal.get(f"/audit/cases/{ref}").get_data(as_text=True)
    assert "Supervisor A" in panel and "Akses darurat" in panel and REASON not in panel


def test_failed_login_burst_is_flagged(app, client, login, two_ngos):
    """Five failures for one account within a quarter hour: the latest are flagged."""
    a = two_ngos["a"]
    _record_as(app, a["paralegal"], 5, "login_failed", object_type="user",
               object_id=a["paralegal"].id, outcome="failed")
    login(client, a["supervisor"])
    text = client.get("/audit/?flag=login_failed").get_data(as_text=True)
    assert text.count("flag-failed_login_burst") == 1  # only the fifth reaches the threshold
    app.config["AUDIT_FAILED_LOGIN_BURST"] = 3
    text = client.get("/audit/?flag=login_failed").get_data(as_text=True)
    assert text.count("flag-failed_login_burst") == 3


def test_one_person_opening_many_cases_is_flagged(app, client, login, two_ngos):
    """Opening ten different cases within an hour raises the flag on the tenth."""
    a = two_ngos["a"]
    _record_as(app, a["paralegal"], 10, "view", object_type="case", case_ref="ZZZZ-{n:04d}")
    login(client, a["supervisor"])
    text = client.get("/audit/?action=view").get_data(as_text=True)
    assert text.count("flag-many_cases") == 1
    _record_as(app, a["paralegal"], 3, "view", object_type="case", case_ref="ZZZZ-0001")
    text = client.get("/audit/?action=view").get_data(as_text=True)
    assert text.count("flag-many_cases") == 4  # the same cases again still count as many


def _hours_excluding_now(app) -> str:
    """A one-hour working day twelve hours away from the present local time."""
    now = datetime.now(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"]))
    start = (now + timedelta(hours=12)).replace(minute=0)
    return f"{start:%H}:00-{start:%H}:59"


def test_access_outside_working_hours_is_flagged(app, client, login, two_ngos):
    """The same entries are flagged or not as the working hours setting changes."""
    a = two_ngos["a"]
    login(client, a["supervisor"])
    app.config.update(AUDIT_WORKING_HOURS="00:00-23:59", AUDIT_WORKING_DAYS=tuple(range(7)))
    assert "flag-off_hours" not in client.get("/audit/").get_data(as_text=True)
    app.config["AUDIT_WORKING_HOURS"] = _hours_excluding_now(app)
    assert "flag-off_hours" in client.get("/audit/").get_data(as_text=True)
    app.config.update(AUDIT_WORKING_HOURS="00:00-23:59", AUDIT_WORKING_DAYS=())
    assert "Di luar jam kerja" in client.get("/audit/").get_data(as_text=True)


def test_attention_box_counts_recent_refusals(app, client, login, two_ngos):
    """Refusals of the last days are counted at the top of the page."""
    a, b = two_ngos["a"], two_ngos["b"]
    outsider = app.test_client()
    login(outsider, a["paralegal"])
    for _ in range(2):
        outsider.get(f"/cases/{b['case'].reference}")
    login(client, a["supervisor"])
    text = client.get("/audit/").get_data(as_text=True)
    assert 'Penolakan akses</a>: <strong class="flag">2</strong>' in text


def test_flags_never_overflow_the_column(app):
    """Too many flags keep whole names only, within the column's 64 characters."""
    with app.test_request_context("/"):
        g.audit_flags = ",".join(f"flag_number_{n}" for n in range(10))
        flags = record("view", flags="break_glass").flags
        db.session.rollback()
    assert len(flags) <= 64 and flags.startswith("break_glass,flag_number_0,")
    assert all(name.startswith(("break_glass", "flag_number_")) for name in flags.split(","))
