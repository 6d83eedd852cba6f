"""The nightly backup unit, run with only the environment its unit file gives it (the
settings file named by EnvironmentFile=, its Environment= lines, systemd's PATH), backs up
the service's own database, and the `casework` command reaches the same database."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import tarfile
from pathlib import Path

from casework.deploy.envfile import read_env_file
from tests.deploy.conftest import SYSTEMD_PATH, Service, clean_env


def service_section(unit: Path) -> dict[str, list[str]]:
    """The [Service] settings of a unit file: name -> every value given."""
    settings: dict[str, list[str]] = {}
    section = None
    for line in unit.read_text().splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            settings.setdefault(name.strip(), []).append(value.strip())
    return settings


def unit_environment(settings: dict[str, list[str]]) -> dict[str, str]:
    """What systemd puts in the service's environment: its PATH, the files, the lines."""
    env = {"PATH": SYSTEMD_PATH}
    for path in settings.get("EnvironmentFile", []):
        env.update(read_env_file(path.removeprefix("-")))
    for line in settings.get("Environment", []):
        for assignment in shlex.split(line):
            name, _, value = assignment.partition("=")
            env[name] = value
    return env


def test_backup_unit_backs_up_the_service_database(service: Service, tmp_path: Path):
    """The timer's service, run as systemd would, writes a real backup of what the service
    holds (an organisation made through the `casework` command from a stray shell)."""
    # The administrator's shell points at another instance and database: the `casework`
    # command still runs with the service's settings only, so the org lands in production.
    stray = clean_env(CASEWORK_INSTANCE_PATH=str(tmp_path / "stray"),
                      CASEWORK_DATABASE_URL=f"sqlite:///{tmp_path / 'stray.db'}")
    made = subprocess.run([str(service.command), "org", "create", "sapa", "--name", "Sapa",
                           "--kind", "ngo"], env=stray, capture_output=True, text=True,
                          timeout=300, cwd="/")
    assert made.returncode == 0, made.stderr
    assert not (tmp_path / "stray.db").exists() and not (tmp_path / "stray").exists()
    timer = (service.units / "casework-backup.timer").read_text()
    assert "OnCalendar=" in timer
    settings = service_section(service.units / "casework-backup.service")
    command = shlex.split(settings["ExecStart"][0])
    assert command[1:3] == ["backup", "create"]
    done = subprocess.run(command, env=unit_environment(settings), cwd="/",
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    backups = list(service.backups.glob("casework-*.tar.gz"))
    assert len(backups) == 1
    with tarfile.open(backups[0]) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        database = archive.getmember(manifest["database"]["file"])
    assert database.size > 0
    # org create and the backup itself: the service's own access log, not a new empty one
    assert manifest["counts"]["audit_entries"] >= 2
    assert manifest["key_ids"]["data"]


def test_every_unit_reads_the_one_settings_file(service: Service):
    """Server, backup, notifications and checkpoint: one EnvironmentFile, one user."""
    for name in ("casework.service", "casework-backup.service", "casework-notify.service",
                 "casework-checkpoint.service"):
        settings = service_section(service.units / name)
        assert settings["EnvironmentFile"] == [str(service.env_file)], name
        assert not re.search(r"@[A-Z_]+@", (service.units / name).read_text()), name
        assert Path(shlex.split(settings["ExecStart"][0])[0]).parent == service.venv / "bin"
    for timer in ("casework-backup.timer", "casework-notify.timer", "casework-checkpoint.timer"):
        assert "OnCalendar=" in (service.units / timer).read_text()


def test_checkpoint_unit_signs_the_service_log(service: Service):
    """The weekly checkpoint unit, run as systemd would, prints a signed line."""
    settings = service_section(service.units / "casework-checkpoint.service")
    done = subprocess.run(shlex.split(settings["ExecStart"][0]), env=unit_environment(settings),
                          cwd="/", capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_settings_file_and_instance_are_private(service: Service):
    """The settings file (it holds the database password) is for the service's group only."""
    assert service.env_file.stat().st_mode & 0o777 == 0o640
    assert service.instance.stat().st_mode & 0o777 == 0o700
    assert service.backups.stat().st_mode & 0o777 == 0o700
