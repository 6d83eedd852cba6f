"""`casework audit checkpoint` signs the head; verify against it catches a cut-off tail."""

from __future__ import annotations

import re

from casework.crypto.keyring import Keyring, install_keyring


def _checkpoint(runner) -> str:
    """Print a checkpoint and return its line."""
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_checkpoint_prints_a_signed_head(write_entries, runner):
    """The line holds the head's sequence number, MAC, time, public key and signature."""
    write_entries(5)
    line = _checkpoint(runner)
    assert re.fullmatch(r"casework-audit-checkpoint v1 seq=5 mac=[0-9a-f]{64} "
                        r"time=\S+Z key=[0-9a-f]{64} sig=\S{88}", line)


def test_verify_against_a_checkpoint_passes_while_the_log_grows(write_entries, runner, tmp_path):
    """A checkpoint kept in a file still holds after more entries are added."""
    write_entries(3)
    saved = tmp_path / "head.txt"
    saved.write_text(_checkpoint(runner) + "\n")
    write_entries(2)
    result = runner.invoke(args=["audit", "verify", "--checkpoint", str(saved)])
    assert result.exit_code == 0, result.output
    assert "head at 5, and it holds checkpoint entry 3" in result.output


def test_a_cut_off_tail_is_caught(write_entries, runner, tamper):
    """Deleting the newest entries leaves a valid chain, but not the checkpoint's head."""
    write_entries(6)
    line = _checkpoint(runner)
    tamper("DELETE FROM audit_entry WHERE seq > 4")
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0  # the chain alone cannot tell
    result = runner.invoke(args=["audit", "verify", "--checkpoint", line])
    assert result.exit_code == 1
    assert "FAILED at sequence number 5: the log ends at entry 4" in result.output


def test_a_rewritten_head_is_caught(write_entries, runner, tamper, log_rows):
    """Replacing the checkpointed entry's MAC is caught even if the chain were recomputed."""
    write_entries(3)
    line = _checkpoint(runner)
    tamper(f"UPDATE audit_entry SET mac = '{'b' * 64}' WHERE seq = 3")
    result = runner.invoke(args=["audit", "verify", "--checkpoint", line])
    assert result.exit_code == 1 and "sequence number 3" in result.output


def test_an_altered_checkpoint_is_refused(write_entries, runner):
    """Changing the sequence number in the line breaks its signature."""
    write_entries(4)
    line = _checkpoint(runner).replace("seq=4", "seq=2")
    result = runner.invoke(args=["audit", "verify", "--checkpoint", line])
    assert result.exit_code != 0 and "signature is not valid" in result.output


def test_another_keyrings_checkpoint_is_refused(app, write_entries, runner):
    """A checkpoint signed by another installation's key is not accepted."""
    write_entries(2)
    line = _checkpoint(runner)
    install_keyring(app, Keyring.generate())
    result = runner.invoke(args=["audit", "verify", "--checkpoint", line])
    assert result.exit_code != 0 and "another key" in result.output


def test_garbage_is_not_a_checkpoint(runner):
    """Text that is no checkpoint gets a clear message."""
    result = runner.invoke(args=["audit", "verify", "--checkpoint", "seq=9; DROP TABLE x"])
    assert result.exit_code != 0 and "not a Casework audit checkpoint" in result.output


def test_a_broken_log_is_not_signed(write_entries, runner, tamper):
    """Checkpoint refuses to bless a chain that already fails."""
    write_entries(3)
    tamper("UPDATE audit_entry SET action = 'x' WHERE seq = 2")
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 1 and "sequence number 2" in result.output
