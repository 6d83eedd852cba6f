"""Case plan pages: assessment, safety plan, goals and actions, follow-ups, services, due lists."""

from datetime import timedelta

from casework.accounts.models import User
from casework.cases.models import Case
from casework.extensions import db
from casework.i18n import local_today
from casework.plans import operations as ops
from tests.audit.coverage import audited


def _with_case(world, work):
    """Run work(case, paralegal) in a request context of the app, commit, return the new id."""
    with world.app.test_request_context("/"):
        case = db.session.get(Case, world.cases["own_assigned"].id)
        paralegal = db.session.get(User, world.callers["paralegal"].id)
        made_id = work(case, paralegal).id
        db.session.commit()
        return made_id


def _goal(world, _values) -> dict:
    """A goal on the case."""
    return {"goal_id": _with_case(world, lambda case, user: ops.add_goal(
        case, "safety", "Rasa aman di rumah", user))}


def _action(world, values) -> dict:
    """An action towards a goal."""
    goal_id = _goal(world, values)["goal_id"]

    def add(case, user):
        goal = ops.goal_of(case, goal_id)
        return ops.add_action(case, goal, {"description": "Mengantar ke Puskesmas",
                                           "responsible_kind": "paralegal",
                                           "due_on": local_today() + timedelta(days=3)}, user)

    return {"goal_id": goal_id, "action_id": _with_case(world, add)}


def _safety_plan(world, _values) -> dict:
    """A first version of the safety plan."""
    _with_case(world, lambda case, user: ops.save_safety_plan(
        case, {"safe_places": "Rumah kakak"}, 0, user))
    return {}


ROWS = [
    audited("plans.assessment", "GET", "view", object_type="assessment"),
    audited("plans.safety_plan", "GET", "view", object_type="safety_plan"),
    audited("plans.safety_print", "GET", "print", object_type="safety_plan", setup=_safety_plan),
    audited("plans.safety_copy", "POST", "update", object_type="safety_plan", setup=_safety_plan,
            data={"copy_status": "kept"}),
    audited("plans.safety_review", "POST", "create", object_type="safety_review", setup=_safety_plan,
            data={"reviewed_on": local_today().isoformat(), "note": "Masih aman."}),
    audited("plans.new_goal", "GET", "view", object_type="case"),
    audited("plans.edit_goal", "GET", "view", object_type="goal", setup=_goal),
    audited("plans.new_action", "GET", "view", object_type="case", setup=_goal),
    audited("plans.edit_action", "GET", "view", object_type="action", setup=_action),
    audited("plans.followups", "GET", "view"),
    audited("plans.services", "GET", "view"),
    audited("plans.agenda", "GET", "list", object_type="agenda", with_case_ref=False),
    audited("plans.supervision", "GET", "list", object_type="supervision", role="supervisor",
            with_case_ref=False),
]
