"""Configuration: safe defaults, then instance/config.py, then CASEWORK_* environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from casework.file_modes import loose_mode_problems

WEAK_SECRET_KEYS = {"", "dev", "secret", "changeme", "change-me", "development", "test"}
MIN_SECRET_KEY_LENGTH = 32


class StartupRefused(RuntimeError):
    """The configuration is unsafe to serve with."""


class Defaults:
    """Settings every deployment starts from; each may be overridden."""

    CASEWORK_ENV = "production"
    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    KEYS_FILE = None
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_NAME = "cw_form"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Strict"
    AUTH_COOKIE_NAME = "cw_session"
    SESSION_IDLE_MINUTES = 15
    SESSION_ABSOLUTE_HOURS = 12
    SESSION_TOUCH_SECONDS = 30
    LOGIN_LOCK_THRESHOLD = 10
    LOGIN_LOCK_MINUTES = 60
    LOGIN_SLOW_AFTER = 3
    LOGIN_WINDOW_MINUTES = 60
    LOGIN_MAX_DELAY_SECONDS = 60
    MFA_ISSUER = "Casework"
    # Every role sees survivor data, so every login needs a second factor (TOTP, with
    # recovery codes). Off, only supervisors and admins must use one (the old rule).
    MFA_FOR_CASE_ROLES = True
    RECOVERY_CODE_COUNT = 10
    BREAK_GLASS_MINUTES = 60
    # Per-user limits (casework.accounts.rate_limits): break-glass grants, and access-log
    # pages and exports, in a sliding window. A crawler with a session stops there.
    BREAK_GLASS_LIMIT = 20
    BREAK_GLASS_LIMIT_MINUTES = 60
    AUDIT_HEAVY_LIMIT = 60
    AUDIT_HEAVY_LIMIT_MINUTES = 10
    # Set to the number of reverse proxies in front of the app, so TLS is recognised
    # (and the session cookie marked Secure) from their X-Forwarded-* headers.
    TRUSTED_PROXY_COUNT = 0
    SESSION_COOKIE_SECURE = False
    PAGE_SIZE = 25
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    REFERRAL_ACCEPT_DAYS = 3
    REFERRAL_COMPLETE_DAYS = 30
    # How long a unit has to accept an emergency or urgent referral before it is overdue and
    # escalates (a routine one has REFERRAL_ACCEPT_DAYS).
    REFERRAL_RESPONSE_HOURS_EMERGENCY = 4
    REFERRAL_RESPONSE_HOURS_URGENT = 24
    # Notifications (casework.notifications; docs/notifications.md).
    BASE_URL = "http://localhost:5000"
    SMTP_URL = None
    MAIL_SENDER = "casework@localhost"
    SMTP_STARTTLS = True
    SMTP_TIMEOUT_SECONDS = 20
    SMS_COMMAND = None
    SMS_TIMEOUT_SECONDS = 30
    NOTIFY_MAX_ATTEMPTS = 8
    NOTIFY_RETRY_SECONDS = 60
    NOTIFY_LEASE_MINUTES = 10
    NOTIFY_DIGEST_HOUR = 7
    SMALL_CELL_THRESHOLD = 5
    RETENTION_YEARS = 10
    PASSWORD_HASH_MEMORY_KIB = 19456
    PASSWORD_HASH_TIME_COST = 2
    TEMPLATES_AUTO_RELOAD = False


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config from defaults, the instance file or test_config, and the environment."""
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("CASEWORK")
        _apply_environment_names(app)
    else:
        app.config.update(test_config)
    instance = Path(app.instance_path)
    app.config.setdefault("KEYS_FILE", None)
    if not app.config.get("KEYS_FILE"):
        app.config["KEYS_FILE"] = str(instance / "keys.json")
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'casework.db'}"
    app.config.setdefault("ATTACHMENTS_PATH", str(instance / "attachments"))


def _apply_environment_names(app: Flask) -> None:
    """Honour the documented environment names, which differ from Flask's own keys."""
    url = os.environ.get("CASEWORK_DATABASE_URL")
    if url:
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    keys = os.environ.get("CASEWORK_KEYS_FILE")
    if keys:
        app.config["KEYS_FILE"] = keys


def startup_problems(app: Flask) -> list[str]:
    """Say why this configuration must not serve (empty when it may)."""
    problems = []
    key = app.config.get("SECRET_KEY") or ""
    if key in WEAK_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        problems.append("SECRET_KEY is missing or weak: run `casework init`.")
    if app.debug and app.config["CASEWORK_ENV"] == "production":
        problems.append("DEBUG must not be on in production.")
    return problems + deadline_problems(app.config) + loose_mode_problems(app)


DEADLINE_SETTINGS = ("REFERRAL_RESPONSE_HOURS_EMERGENCY", "REFERRAL_RESPONSE_HOURS_URGENT",
                     "REFERRAL_ACCEPT_DAYS")


def deadline_problems(config: Any) -> list[str]:
    """Referral response deadlines that are not a positive number (nothing would ever be on
    time, or everything at once)."""
    problems = []
    for name in DEADLINE_SETTINGS:
        value = config.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            problems.append(f"CASEWORK_{name} must be a number of "
                            f"{'days' if name.endswith('DAYS') else 'hours'} above zero "
                            f"(it is {value!r}).")
    return problems
