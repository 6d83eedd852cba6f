"""The summary of a day counts what is due on that day, not on the day the command runs."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from casework.extensions import db
from casework.i18n import local_today
from casework.notifications.digest import make_digests
from casework.plans.models import Action, FollowUp, Goal
from tests.notifications.conftest import outbox


def test_a_later_day_s_summary_counts_what_is_overdue_by_then(app, mailed):
    world = mailed.world
    today = local_today()
    with app.app_context():
        goal = Goal(case_id=world.case.id, area="legal", status="open",
                    created_by_id=world.paralegal.id)
        goal.description = "Proses hukum"
        db.session.add(goal)
        db.session.flush()
        action = Action(case_id=world.case.id, goal_id=goal.id, responsible_kind="paralegal",
                        responsible_user_id=world.paralegal.id, due_on=today,
                        status="planned")  # overdue from tomorrow
        action.description = "Antar ke Polres"
        followup = FollowUp(case_id=world.case.id, contact_on=today, method="visit",
                            outcome="reached_concerns", next_on=today + timedelta(days=1))
        db.session.add_all([action, followup])
        db.session.commit()
        later = datetime.combine(today + timedelta(days=2), time(9),
                                 tzinfo=ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"]))
        make_digests(later)
        db.session.commit()
    due = outbox(app, kind="actions_due", channel="inapp", user_id=world.paralegal.id)
    assert [row.count for row in due] == [2]
