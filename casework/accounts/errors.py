"""Typed errors of the accounts domain."""


class AccountError(Exception):
    """An account rule refused the request."""


class PasswordRejected(AccountError):
    """The new password breaks the password policy."""


class DuplicateName(AccountError):
    """A user name or organisation code is already taken."""


class TreeCycle(AccountError):
    """An organisation cannot be placed under itself or one of its children."""


class SecondFactorRejected(AccountError):
    """The authenticator or recovery code is wrong or was used already."""


class RoleDoesNotFit(AccountError):
    """The role makes no sense at an organisation of this kind (accounts.roles.ROLE_KINDS)."""

    def __init__(self, role: str, kind: str) -> None:
        super().__init__(role, kind)
        self.role, self.kind = role, kind
