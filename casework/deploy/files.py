"""The shipped unit, timer, command and settings files, filled in for one machine."""

from __future__ import annotations

import grp
import os
import pwd
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# name -> where it goes: a systemd unit, the `casework` command, or the settings file.
UNITS = ("casework.service", "casework-backup.service", "casework-backup.timer",
         "casework-notify.service", "casework-notify.timer",
         "casework-checkpoint.service", "casework-checkpoint.timer")
COMMAND = "casework.sh"
SETTINGS = "casework.env"
NAMES = (*UNITS, COMMAND, SETTINGS)
TIMERS = tuple(name for name in UNITS if name.endswith(".timer"))


class DeployError(ValueError):
    """A setting that cannot be filled in (an unknown user, a relative path)."""


@dataclass(frozen=True)
class Machine:
    """Where things live on this machine."""

    user: str = "casework"
    venv: str = sys.prefix
    instance: str = "/srv/casework/instance"
    env_file: str = "/etc/casework/casework.env"
    backup_dir: str = "/var/backups/casework"
    keep_days: int = 30
    database_url: str | None = None
    keys_file: str | None = None

    @property
    def group(self) -> str:
        """The user's primary group."""
        try:
            return grp.getgrgid(pwd.getpwnam(self.user).pw_gid).gr_name
        except KeyError:
            raise DeployError(
                f"There is no user {self.user!r}: create it first (useradd --system --home-dir "
                f"/srv/casework --shell /usr/sbin/nologin {self.user}).") from None

    def check(self) -> None:
        """Refuse relative paths: systemd and the command run from anywhere."""
        for label, value in (("venv", self.venv), ("instance", self.instance),
                             ("env file", self.env_file), ("backup folder", self.backup_dir),
                             ("keys file", self.keys_file or "/")):
            if not os.path.isabs(value) or any(c.isspace() for c in value):
                raise DeployError(f"The {label} must be an absolute path without spaces: {value}")
        if self.keys_file and Path(self.keys_file).parent == Path(self.env_file).parent:
            raise DeployError("Put the keys file in a folder of its own, which the service's "
                              "user owns (say /etc/casework/keys/keys.json): not beside the "
                              "settings file, which only root may change.")
        if self.keep_days < 1:
            raise DeployError("Keep backups for at least one day.")


def render(name: str, machine: Machine) -> str:
    """One shipped file with this machine's paths and user filled in."""
    if name not in NAMES:
        raise DeployError(f"No file {name!r}; the files are: {', '.join(NAMES)}.")
    text = resources.files("casework.deploy").joinpath(name).read_text(encoding="utf-8")
    values = {"USER": machine.user, "GROUP": machine.group, "VENV": machine.venv,
              "INSTANCE": machine.instance, "ENV_FILE": machine.env_file,
              "BACKUP_DIR": machine.backup_dir, "KEEP_DAYS": str(machine.keep_days)}
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    if name == SETTINGS:
        text += "".join(f"{key}={value}\n" for key, value in (
            ("CASEWORK_DATABASE_URL", machine.database_url),
            ("CASEWORK_KEYS_FILE", machine.keys_file)) if value)
    return text


def _write(path: Path, text: str, mode: int, owner: tuple[int, int] | None = None) -> None:
    """Write a file whole (a temporary name renamed into place) with its mode and owner."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    if owner is not None:
        os.chown(temporary, *owner)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def _private_folder(path: Path, uid: int, gid: int) -> None:
    """A folder only the service's user can enter."""
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    os.chmod(path, 0o700)


def install(machine: Machine, unit_dir: Path, bin_dir: Path) -> list[str]:
    """Write the units, the `casework` command and (unless there is one) the settings file;
    make the instance and backup folders. Returns what it did, one line each."""
    machine.check()
    machine.group  # noqa: B018 -- refuses an unknown user before anything is written
    entry = pwd.getpwnam(machine.user)
    uid, gid = entry.pw_uid, entry.pw_gid
    done = []
    for name in UNITS:
        _write(unit_dir / name, render(name, machine), 0o644)
        done.append(f"wrote {unit_dir / name}")
    _write(bin_dir / "casework", render(COMMAND, machine), 0o755)
    done.append(f"wrote {bin_dir / 'casework'}")
    settings = Path(machine.env_file)
    if settings.exists():
        done.append(f"kept {settings} (it exists; edit it by hand)")
    else:
        # Root owns it (the service cannot change its own settings); the group may read it.
        _write(settings, render(SETTINGS, machine), 0o640, owner=(0 if os.geteuid() == 0
                                                                    else os.geteuid(), gid))
        done.append(f"wrote {settings} (mode 0640)")
    folders = [Path(machine.instance), Path(machine.backup_dir)]
    if machine.keys_file:  # `casework init` (as the service's user) writes the keys there
        folders.append(Path(machine.keys_file).parent)
    for folder in folders:
        _private_folder(folder, uid, gid)
        done.append(f"made {folder} (owner {machine.user}, mode 0700)")
    return done
