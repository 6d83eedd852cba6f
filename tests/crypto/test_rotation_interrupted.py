"""A reencrypt killed halfway loses nothing, and running it again finishes the work."""

from __future__ import annotations

from casework.crypto import rotation


def test_killed_mid_batch_then_resumed(app, runner, ring, make_user, make_case, monkeypatch):
    """A failure inside a batch rolls that batch back; a rerun completes and all decrypts."""
    user = make_user("paralegal")
    for n in range(6):
        make_case(user, name=f"Putri {n}", nik=f"32040545079001{n:02d}")
    old = ring.primary
    runner.invoke(args=["keys", "rotate"])
    original, calls = rotation.Resealer.seal, []

    def dies_after_twenty(self, *args):
        calls.append(1)
        if len(calls) > 20:
            raise RuntimeError("killed")  # as if the process died in the middle of a batch
        return original(self, *args)

    monkeypatch.setattr(rotation.Resealer, "seal", dies_after_twenty)
    killed = runner.invoke(args=["keys", "reencrypt", "--batch-size", "2"])
    assert killed.exit_code != 0
    with app.app_context():
        half = rotation.data_key_usage(ring)
        assert half.get(old) and half.get(ring.primary)
        assert "unknown" not in half
    monkeypatch.setattr(rotation.Resealer, "seal", original)
    resumed = runner.invoke(args=["keys", "reencrypt", "--batch-size", "2"])
    assert resumed.exit_code == 0, resumed.output
    assert "Re-encrypting values" in resumed.output
    with app.app_context():
        assert set(rotation.data_key_usage(ring)) == {ring.primary}
    assert runner.invoke(args=["keys", "retire", old]).exit_code == 0


def test_keys_from_the_environment_are_not_rewritten(runner, ring, monkeypatch):
    """With CASEWORK_KEYRING_JSON there is no file to rotate: a clear refusal."""
    monkeypatch.setenv("CASEWORK_KEYRING_JSON", ring.to_json())
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code != 0 and "CASEWORK_KEYRING_JSON" in result.output
