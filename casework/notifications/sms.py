"""SMS through a gateway command (CASEWORK_SMS_COMMAND), e.g. Gammu's
"gammu-smsd-inject TEXT {number} -text {message}".

The template is split like a shell would (shlex) and {number} and {message} are put into the
arguments one by one; it runs without a shell, so nothing in a value is ever interpreted.
It must finish within CASEWORK_SMS_TIMEOUT_SECONDS (its whole process group is killed
otherwise) and exit 0; anything else is a failed delivery, retried later.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
from typing import Any

from casework.notifications.errors import DeliveryFailed

PLACEHOLDER = re.compile(r"\{(number|message)\}")


def command_for(template: str, number: str, text: str) -> list[str]:
    """The command's arguments with the number and the text put in."""
    values = {"number": number, "message": text}
    try:
        parts = shlex.split(template)
    except ValueError:
        raise DeliveryFailed("CASEWORK_SMS_COMMAND cannot be split", permanent=True) from None
    if not parts:
        raise DeliveryFailed("CASEWORK_SMS_COMMAND is empty", permanent=True)
    return [PLACEHOLDER.sub(lambda m: values[m.group(1)], part) for part in parts]


def send_sms(number: str, text: str, config: Any) -> None:
    """Run the gateway command for one message, or raise DeliveryFailed."""
    args = command_for(config["SMS_COMMAND"], number, text)
    timeout = float(config["SMS_TIMEOUT_SECONDS"])
    try:
        # Its own session, so a hang is ended with every process it started; no pipes, so
        # nothing it prints (the number) reaches a log, and no child can hold us waiting.
        # No shell: the command is the administrator's setting, the values mere arguments.
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL,  # noqa: S603
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
    except OSError as exc:
        raise DeliveryFailed(f"SMS command cannot run: {type(exc).__name__}") from None
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it ended on its own a moment ago
        process.wait()
        raise DeliveryFailed(f"SMS command took longer than {timeout:g} s") from None
    if code != 0:
        raise DeliveryFailed(f"SMS command exit {code}")
