"""What is due on the plans of a person's cases: overdue actions and follow-ups, for the
lists, the navigation badge and the dashboards (read only; nothing here changes a plan)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import g, has_request_context
from sqlalchemy import Select, exists, false, func, select

from casework.accounts.access import organisation_scope
from casework.accounts.models import User
from casework.cases.models import Case, CaseAssignment
from casework.extensions import db
from casework.i18n import local_today
from casework.plans.categories import OPEN_ACTION_STATUSES
from casework.plans.models import Action, FollowUp


def _for_user(query: Select, user: User, case_id_column: Any) -> Select:
    """Limit rows to the user's open cases: the rule of visible_cases, written as joins.

    A paralegal's rows are reached from her active assignments (a covering index gives their
    case ids), each probing the plan table's (case_id, ...) index; only rows found there have
    their case checked, so an empty plan costs one index range of her assignments. A
    supervisor's are the open, overdue rows of the plan table, each checked against its case."""
    live = Case.status.in_(("open", "reopened"))
    if user.works_cases:
        case_is_hers = exists().where(Case.id == case_id_column, live,
                                      Case.organisation_id == user.organisation_id)
        return (
            query.join(CaseAssignment, CaseAssignment.case_id == case_id_column)
            .where(CaseAssignment.user_id == user.id, CaseAssignment.ended_at.is_(None),
                   case_is_hers)
        )
    if user.role == "supervisor":
        # Driven from the plan table's (status, date) index: the open, overdue rows only, each
        # then checked against its case; her organisations may hold 100,000 cases.
        in_scope = exists().where(Case.id == case_id_column, live,
                                  Case.organisation_id.in_(organisation_scope(user)))
        return query.where(in_scope)
    return query.where(false())


def overdue_actions(user: User, on: date | None = None) -> Select:
    """Open actions past their due date on the user's open cases, most overdue first."""
    query = select(Action).where(Action.status.in_(OPEN_ACTION_STATUSES),
                                 Action.due_on < (on or local_today()))
    return _for_user(query, user, Action.case_id).order_by(Action.due_on, Action.id)


def due_followups(user: User, on: date | None = None) -> Select:
    """Follow-ups whose next date has come, with no later contact yet, on the user's open cases."""
    query = select(FollowUp).where(FollowUp.next_on <= (on or local_today()),
                                   FollowUp.answered_at.is_(None))
    return _for_user(query, user, FollowUp.case_id).order_by(FollowUp.next_on, FollowUp.id)


def overdue_by_case(case_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many overdue actions and due follow-ups each of these cases has."""
    if not case_ids:
        return {}
    counts: dict[uuid.UUID, int] = {}
    for model, when, extra in (
        (Action, Action.due_on < local_today(), Action.status.in_(OPEN_ACTION_STATUSES)),
        (FollowUp, FollowUp.next_on <= local_today(), FollowUp.answered_at.is_(None)),
    ):
        rows = db.session.execute(
            select(model.case_id, func.count()).where(model.case_id.in_(case_ids), when, extra)
            .group_by(model.case_id)
        )
        for case_id, count in rows:
            counts[case_id] = counts.get(case_id, 0) + count
    return counts


def due_count(user: User, on: date | None = None) -> int:
    """How many overdue actions and due follow-ups wait for this user on a day (today unless
    told; the nav badge and the case list both show it: counted once per request)."""
    counted = g.setdefault("plans_due_count", {}) if has_request_context() else {}
    key = (user.id, on)
    if key not in counted:
        counted[key] = sum(
            db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
            or 0 for query in (overdue_actions(user, on), due_followups(user, on)))
    return counted[key]
