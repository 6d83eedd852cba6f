"""Organisations, staff users and their server-side sessions."""

from __future__ import annotations

import uuid
from datetime import datetime

from flask import current_app
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.accounts.roles import (  # noqa: F401 (re-exported for existing imports)
    CASE_HOLDING_KINDS,
    ORGANISATION_KINDS,
    ROLES,
    SERVICE_UNIT_KINDS,
    may_hold_cases,
    works_cases,
)
from casework.crypto.fields import Encrypted
from casework.database import UTCDateTime, created_at, uuid_pk
from casework.extensions import db

# Roles that always need a second factor; MFA_FOR_CASE_ROLES (on by default) adds everyone
# else who sees survivor data (casework.accounts.roles.ROLES: paralegals and unit staff).
MFA_REQUIRED_ROLES = ("supervisor", "admin")


class Organisation(db.Model):
    """A centre, NGO or service unit; centres have an NGO as their parent."""

    __tablename__ = "organisation"

    id: Mapped[uuid.UUID] = uuid_pk()
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("organisation.id"), index=True
    )
    region_code: Mapped[str | None] = mapped_column(String(13), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at()

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])

    @property
    def kind_label(self) -> str:
        """The kind in the user's language."""
        return str(ORGANISATION_KINDS.get(self.kind, self.kind))

    @property
    def is_service_unit(self) -> bool:
        """Whether cases may be referred to this organisation."""
        return self.kind in SERVICE_UNIT_KINDS

    @property
    def holds_cases(self) -> bool:
        """Whether this organisation registers and manages cases of its own."""
        return may_hold_cases(self.kind)


class User(db.Model):
    """A member of staff who logs in; survivors never do."""

    __tablename__ = "user_account"

    id: Mapped[uuid.UUID] = uuid_pk()
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organisation.id"), index=True
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(8), default="id")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_secret = Encrypted(str)
    # Kept while the user enrols, until a first code proves the authenticator works.
    totp_pending_secret = Encrypted(str)
    totp_last_counter: Mapped[int | None] = mapped_column(Integer)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by an admin's reset: the temporary password must be replaced before any work.
    password_must_change: Mapped[bool] = mapped_column(Boolean, default=False)
    # When she last opened the referrals she sent: the navigation counts the units' answers
    # (accepted, declined, completed) that came after.
    referrals_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where notifications reach her (casework.notifications): staff contact data, kept plain
    # and never written to a log; the mobile number in the +62 form.
    email: Mapped[str | None] = mapped_column(String(254))
    mobile: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = created_at()

    organisation: Mapped[Organisation] = relationship()

    # Flask-Login's interface
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        """Flask-Login: a loaded user is authenticated."""
        return True

    @property
    def is_active(self) -> bool:
        """Flask-Login: disabled accounts cannot act."""
        return self.active

    def get_id(self) -> str:
        """Flask-Login: the user's id as text."""
        return str(self.id)

    @property
    def mfa_enabled(self) -> bool:
        """Whether a TOTP secret is enrolled."""
        return self.totp_secret_enc is not None

    @property
    def mfa_required(self) -> bool:
        """Whether her role must use a second factor: supervisors and admins always, every
        other role too while the deployment's MFA_FOR_CASE_ROLES is on (the default)."""
        return self.role in MFA_REQUIRED_ROLES or bool(current_app.config["MFA_FOR_CASE_ROLES"])

    @property
    def works_cases(self) -> bool:
        """Whether she registers and works cases (see casework.accounts.roles)."""
        return works_cases(self)

    @property
    def role_label(self) -> str:
        """The role in the user's language."""
        return str(ROLES.get(self.role, self.role))


class UserSession(db.Model):
    """A login, held on the server so every app process agrees when it ends."""

    __tablename__ = "user_session"

    id: Mapped[uuid.UUID] = uuid_pk()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = created_at()
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mfa_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(32))

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A single-use code for when the authenticator is lost; only its hash is kept."""

    __tablename__ = "recovery_code"
    __table_args__ = (Index("ix_recovery_code_user_hash", "user_id", "code_hash"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = created_at()
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginThrottle(db.Model):
    """Failed attempts for one user name, known or not, from one source address, so every app
    process slows it alike and nobody can lock a user out from another address."""

    __tablename__ = "login_throttle"
    __table_args__ = (
        UniqueConstraint("name_hash", "source_hash", name="uq_login_throttle_name_source"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    # HMAC of the lower-cased name: unknown names tried by an attacker are not stored in clear.
    name_hash: Mapped[str] = mapped_column(String(64), index=True)
    # HMAC of the address the attempts come from ("" for a command), for the same reason.
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
