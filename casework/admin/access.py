"""How the admin screens load accounts and organisations: by UUID, a logged 404 otherwise."""

from __future__ import annotations

import uuid

from flask import abort

from casework.accounts.models import Organisation, User
from casework.audit.operations import record
from casework.extensions import db


def _load(model: type, object_id: uuid.UUID, object_type: str):
    """The row, or a 404 recorded as denied."""
    found = db.session.get(model, object_id)
    if found is None:
        record("denied", object_type=object_type, object_id=object_id, outcome="denied")
        abort(404)
    return found


def load_account(user_id: uuid.UUID) -> User:
    """A staff account an admin manages (admins manage every organisation's accounts)."""
    return _load(User, user_id, "user")


def load_organisation(org_id: uuid.UUID) -> Organisation:
    """An organisation an admin manages."""
    return _load(Organisation, org_id, "organisation")
