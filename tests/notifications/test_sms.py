"""SMS through the gateway command: run without a shell, number and text as separate
arguments, a failure or a hang (killed at the time limit) retried later."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from casework.notifications.errors import DeliveryFailed
from casework.notifications.outbox import send_due
from casework.notifications.sms import command_for
from tests.notifications.conftest import assert_no_canary, outbox, set_contact

GATEWAY = """#!/usr/bin/env python3
import json, sys, time
{body}
"""


def _gateway(tmp_path: Path, body: str) -> Path:
    """A gateway script written by the test."""
    script = tmp_path / "gateway.py"
    script.write_text(GATEWAY.format(body=body))
    script.chmod(0o755)
    return script


@pytest.fixture
def sms_world(app, world, tmp_path):
    """The unit's staff with mobile numbers (no email), the gateway's record file."""
    set_contact(app, world.dukcapil_staff, None, "+6281311112222")
    return tmp_path / "calls.jsonl"


def _send(app):
    """One run of the sender."""
    with app.app_context():
        return send_due()


def test_the_gateway_gets_the_number_and_the_text_as_separate_arguments(
        app, world, refer, sms_world, tmp_path):
    script = _gateway(tmp_path, f"open({str(sms_world)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')")
    app.config["SMS_COMMAND"] = f"{script} TEXT {{number}} -text {{message}}"
    refer(world.dukcapil, services=["civil_documents"])
    assert _send(app).sent == 1
    calls = [json.loads(line) for line in sms_world.read_text().splitlines()]
    assert len(calls) == 1
    args = calls[0]
    assert args[:3] == ["TEXT", "+6281311112222", "-text"]
    assert len(args) == 4 and "rujukan baru" in args[3] and args[3].endswith("/login")
    assert len(args[3]) <= 160
    assert_no_canary(app, world.case, args[3])


def test_a_failing_gateway_is_a_failed_delivery_retried_later(app, world, refer, sms_world,
                                                              tmp_path):
    script = _gateway(tmp_path, "sys.exit(3)")
    app.config["SMS_COMMAND"] = f"{script} {{number}} {{message}}"
    refer(world.dukcapil, services=["civil_documents"])
    report = _send(app)
    assert (report.sent, report.retried) == (0, 1)
    row = outbox(app, channel="sms")[0]
    assert (row.status, row.last_error) == ("pending", "SMS command exit 3")


def test_a_hanging_gateway_is_killed_at_the_time_limit(app, world, refer, sms_world, tmp_path):
    script = _gateway(tmp_path, "time.sleep(30)")
    app.config.update(SMS_COMMAND=f"{script} {{number}} {{message}}", SMS_TIMEOUT_SECONDS=1)
    refer(world.dukcapil, services=["civil_documents"])
    started = time.monotonic()
    report = _send(app)
    assert time.monotonic() - started < 10
    assert report.retried == 1
    assert outbox(app, channel="sms")[0].last_error == "SMS command took longer than 1 s"


def test_a_missing_gateway_is_a_failed_delivery(app, world, refer, sms_world, tmp_path):
    app.config["SMS_COMMAND"] = f"{tmp_path / 'absent'} {{number}} {{message}}"
    refer(world.dukcapil, services=["civil_documents"])
    assert _send(app).retried == 1
    assert outbox(app, channel="sms")[0].last_error == (
        "SMS command cannot run: FileNotFoundError")


def test_values_are_never_read_by_a_shell():
    args = command_for("gammu-smsd-inject TEXT {number} -text {message}", "+62811",
                       "a; rm -rf / $(id) 'quoted'")
    assert args == ["gammu-smsd-inject", "TEXT", "+62811", "-text", "a; rm -rf / $(id) 'quoted'"]
    with pytest.raises(DeliveryFailed):
        command_for("gammu 'unclosed", "+62811", "x")
