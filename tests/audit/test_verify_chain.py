"""`casework audit verify` names the first bad sequence number of a tampered log."""

from __future__ import annotations

import pytest


def _verify(runner, *extra: str):
    """Run the verify command."""
    return runner.invoke(args=["audit", "verify", "--batch-size", "3", *extra])


def test_an_intact_log_verifies(write_entries, runner):
    """Ten entries read in batches of three: all verified, exit 0."""
    write_entries(10)
    result = _verify(runner)
    assert result.exit_code == 0, result.output
    assert "OK: 10 entries verified, head at 10" in result.output


def test_an_empty_log_verifies(runner):
    """No entries yet is not an error."""
    result = _verify(runner)
    assert result.exit_code == 0 and "OK: 0 entries" in result.output


@pytest.mark.parametrize("attack,bad_seq", [
    ("UPDATE audit_entry SET action = 'list' WHERE seq = 4", 4),
    ("UPDATE audit_entry SET case_ref = 'OTHER' WHERE seq = 7", 7),
    ("UPDATE audit_entry SET outcome = 'denied', flags = 'break_glass' WHERE seq = 9", 9),
    ("UPDATE audit_entry SET mac = '" + "a" * 64 + "' WHERE seq = 2", 2),
    ("DELETE FROM audit_entry WHERE seq = 5", 5),
    ("DELETE FROM audit_entry WHERE seq = 1", 1),
])
def test_an_edited_or_deleted_row_is_named(write_entries, tamper, runner, attack, bad_seq):
    """Editing any covered field, the MAC, or deleting a row breaks the chain at that row."""
    write_entries(10)
    tamper(attack)
    result = _verify(runner)
    assert result.exit_code == 1
    assert f"FAILED at sequence number {bad_seq}:" in result.output


def test_a_reordering_is_named(write_entries, tamper, runner):
    """Swapping two entries' places (sequence numbers) breaks at the earlier one."""
    write_entries(10)
    tamper("UPDATE audit_entry SET seq = 1000 WHERE seq = 3",
           "UPDATE audit_entry SET seq = 3 WHERE seq = 6",
           "UPDATE audit_entry SET seq = 6 WHERE seq = 1000")
    result = _verify(runner)
    assert result.exit_code == 1 and "FAILED at sequence number 3:" in result.output


def test_an_inserted_row_is_named(write_entries, tamper, log_rows, runner):
    """A forged entry slipped in at 5 (the rest moved up, MACs copied) is caught at 5."""
    write_entries(8)
    copy = log_rows()[4]
    tamper(*[f"UPDATE audit_entry SET seq = seq + 100 WHERE seq = {seq}" for seq in range(8, 4, -1)],
           *[f"UPDATE audit_entry SET seq = {seq + 1} WHERE seq = {seq + 100}" for seq in range(8, 4, -1)],
           "INSERT INTO audit_entry (seq, created_at, action, object_type, case_ref, outcome, flags, mac) "
           f"SELECT 5, created_at, 'view', 'case', 'FORGED', 'ok', '', '{copy.mac}' "
           "FROM audit_entry WHERE seq = 4")
    result = _verify(runner)
    assert result.exit_code == 1 and "FAILED at sequence number 5:" in result.output


def test_an_appended_forgery_is_named(write_entries, tamper, log_rows, runner):
    """An entry added at the end without the audit key fails at its own number."""
    write_entries(4)
    head = log_rows()[-1]
    tamper("INSERT INTO audit_entry (seq, created_at, action, outcome, flags, mac) "
           f"SELECT 5, created_at, 'login', 'ok', '', '{head.mac}' FROM audit_entry WHERE seq = 4")
    result = _verify(runner)
    assert result.exit_code == 1 and "FAILED at sequence number 5:" in result.output
