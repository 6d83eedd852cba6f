"""Who may see which notifications: each user only her own in-app list; admins the failed
deliveries (counts and reasons, never an address or a message)."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from casework.accounts.models import User
from casework.notifications.models import Notification

VIEWER_ROLES = ("paralegal", "service_staff", "supervisor", "admin")


def own_notifications(user: User) -> Select:
    """The user's in-app notifications, newest first."""
    return (select(Notification)
            .where(Notification.user_id == user.id, Notification.channel == "inapp")
            .order_by(Notification.created_at.desc(), Notification.id))


def failed_deliveries() -> Select:
    """Deliveries given up on, newest first, with the account they were for."""
    return (select(Notification).where(Notification.status == "failed")
            .options(selectinload(Notification.user))
            .order_by(Notification.created_at.desc(), Notification.id))
