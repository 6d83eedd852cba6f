"""Issue 16.5: one forged INSERT no longer blinds the log. `audit verify` lists every broken
range (first and last entry) and checks on past it; a supervisor acknowledges a range on the
access log page (signed, itself logged, listed there), and `audit checkpoint` signs again."""

from __future__ import annotations

from sqlalchemy import select

from casework.audit.models import AuditAcknowledgement, AuditEntry
from casework.extensions import db

REASON = "Baris palsu dari uji penetrasi 3 Des; server diperiksa ulang."


def _forge_after_head(tamper, log_rows) -> int:
    """An attacker's row appended with a made-up MAC; the app then writes on after it."""
    head = log_rows()[-1]
    tamper("INSERT INTO audit_entry (seq, created_at, action, outcome, flags, mac) "
           f"SELECT {head.seq + 1}, created_at, 'login', 'ok', '', '{'b' * 64}' "
           f"FROM audit_entry WHERE seq = {head.seq}")
    return head.seq + 1


def _forged_log(write_entries, tamper, log_rows) -> int:
    """Five entries, the forged sixth, four more the app wrote after it: the forged number."""
    write_entries(5)
    forged = _forge_after_head(tamper, log_rows)
    write_entries(4)
    return forged


def test_verify_lists_exactly_the_forged_entry_and_goes_on(write_entries, tamper, log_rows,
                                                           runner):
    """Entry 6 is named as the only broken range; 1-5 and 7-10 verify."""
    forged = _forged_log(write_entries, tamper, log_rows)
    result = runner.invoke(args=["audit", "verify", "--batch-size", "3"])
    assert result.exit_code == 1
    assert f"broken: entry {forged}: does not match the chain" in result.output
    assert result.output.count("broken:") == 1
    assert "9 entries verified, head at 10" in result.output


def test_every_range_is_listed(write_entries, tamper, log_rows, runner):
    """Two forgeries and a deleted entry: three ranges, each with its first and last entry."""
    write_entries(3)
    first = _forge_after_head(tamper, log_rows)
    write_entries(3)
    second = _forge_after_head(tamper, log_rows)
    write_entries(4)
    tamper("DELETE FROM audit_entry WHERE seq = 10")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"broken: entry {first}:" in result.output and f"broken: entry {second}:" in result.output
    assert ("broken: entries 10 to 11: do not match the chain (edited, inserted or moved) "
            "(1 of them missing)") in result.output


def _acknowledge(client, first: int, last: int, reason: str = REASON):
    """Post the access log page's acknowledgement form."""
    return client.post("/audit/acknowledgements",
                       data={"first_seq": first, "last_seq": last, "reason": reason},
                       follow_redirects=True)


def test_acknowledged_range_lets_checkpoints_resume(write_entries, tamper, log_rows, runner,
                                                    make_user, login, client, app):
    """Refused while broken; after a supervisor acknowledges the range, verify passes (the range
    still listed) and checkpoint signs; the page shows it; the acknowledgement is logged."""
    forged = _forged_log(write_entries, tamper, log_rows)
    refused = runner.invoke(args=["audit", "checkpoint"])
    assert refused.exit_code == 1 and "Refusing to sign" in refused.output
    supervisor = make_user("supervisor")
    page = _acknowledge(login(client, supervisor), forged, forged)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and REASON in text
    assert f"{forged} to {forged}" in text or f"{forged} sampai {forged}" in text
    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    assert f"broken: entry {forged}" in verified.output and "[acknowledged]" in verified.output
    signed = runner.invoke(args=["audit", "checkpoint"])
    assert signed.exit_code == 0 and signed.output.startswith("casework-audit-checkpoint v1")
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)
                                   .where(AuditEntry.action == "audit_acknowledge")).one()
        assert (entry.actor_id, entry.outcome) == (supervisor.id, "ok")


def test_a_later_forgery_is_not_covered(write_entries, tamper, log_rows, runner, make_user,
                                        login, client):
    """An acknowledgement covers its range only: a new forgery fails the check again."""
    forged = _forged_log(write_entries, tamper, log_rows)
    _acknowledge(login(client, make_user("supervisor")), forged, forged)
    later = _forge_after_head(tamper, log_rows)
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 1 and f"sequence number {later}" in result.output


def test_an_acknowledgement_forged_in_the_database_counts_for_nothing(
        write_entries, tamper, log_rows, runner, make_user, login, client, app):
    """Someone with database access copies a signed acknowledgement onto another range."""
    forged = _forged_log(write_entries, tamper, log_rows)
    _acknowledge(login(client, make_user("supervisor")), forged, forged)
    later = _forge_after_head(tamper, log_rows)
    with app.app_context():
        ack = db.session.scalars(select(AuditAcknowledgement)).one()
        ack.first_seq = ack.last_seq = later
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "NOT acknowledged" in result.output


def test_a_paralegal_cannot_acknowledge(write_entries, tamper, log_rows, make_user, login,
                                        client, runner):
    """Not a supervisor: refused, nothing recorded, checkpoint still refused."""
    forged = _forged_log(write_entries, tamper, log_rows)
    answer = login(client, make_user("paralegal")).post(
        "/audit/acknowledgements", data={"first_seq": forged, "last_seq": forged, "reason": REASON})
    assert answer.status_code in (403, 404)
    assert runner.invoke(args=["audit", "checkpoint"]).exit_code == 1


def test_a_range_the_log_does_not_have_is_refused(write_entries, tamper, log_rows, make_user,
                                                  login, client, runner):
    """A range other than the one verify lists: refused with the reason, nothing acknowledged."""
    forged = _forged_log(write_entries, tamper, log_rows)
    page = _acknowledge(login(client, make_user("supervisor")), forged - 1, forged)
    assert "audit verify" in page.get_data(as_text=True)
    assert runner.invoke(args=["audit", "checkpoint"]).exit_code == 1
