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


TODAY = local_today().isoformat()
ASSESSMENT = {"based_on": "", "risk_level": "medium", "safety_urgency": "urgent",
              "safety_note": "Suami mengancam lagi.", "summary": "Perlu rumah aman."}
SAFETY_PLAN = {"based_on": "0", "safe_places": "Rumah kakak", "trusted_people": "Ibu RT",
               "copy_status": "not_offered"}
GOAL = {"area": "legal", "description": "Laporan polisi diterima"}
ACTION = {"description": "Dampingi ke Unit PPA Polres", "responsible_kind": "paralegal",
          "due_on": (local_today() + timedelta(days=7)).isoformat(), "status": "planned"}
FOLLOWUP = {"contact_on": TODAY, "method": "call", "outcome": "reached_safe",
            "note": "Sudah pindah ke rumah bibi."}
SERVICE = {"service_type": "psychological", "delivered_on": TODAY, "outcome": "provided",
           "note": "Konseling pertama."}

ROWS = [
    audited("plans.assessment", "GET", "view", object_type="assessment"),
    audited("plans.assessment", "POST", "create", object_type="assessment", data=ASSESSMENT),
    audited("plans.safety_plan", "GET", "view", object_type="safety_plan"),
    audited("plans.safety_plan", "POST", "create", object_type="safety_plan", data=SAFETY_PLAN),
    audited("plans.safety_print", "GET", "print", object_type="safety_plan", setup=_safety_plan),
    audited("plans.safety_copy", "POST", "update", object_type="safety_plan", setup=_safety_plan,
            data={"copy_status": "kept"}),
    audited("plans.safety_review", "POST", "create", object_type="safety_review", setup=_safety_plan,
            data={"reviewed_on": TODAY, "note": "Masih aman."}),
    audited("plans.new_goal", "GET", "view", object_type="case"),
    audited("plans.new_goal", "POST", "create", object_type="goal", data=GOAL),
    audited("plans.edit_goal", "GET", "view", object_type="goal", setup=_goal),
    audited("plans.edit_goal", "POST", "update", object_type="goal", setup=_goal,
            data={**GOAL, "status": "achieved", "version": "1"}),
    audited("plans.new_action", "GET", "view", object_type="case", setup=_goal),
    audited("plans.new_action", "POST", "create", object_type="action", setup=_goal, data=ACTION),
    audited("plans.edit_action", "GET", "view", object_type="action", setup=_action),
    audited("plans.edit_action", "POST", "update", object_type="action", setup=_action,
            data={**ACTION, "status": "done", "version": "1"}),
    audited("plans.followups", "GET", "view", object_type="followup"),
    audited("plans.followups", "POST", "create", object_type="followup", data=FOLLOWUP),
    audited("plans.services", "GET", "view", object_type="service"),
    audited("plans.services", "POST", "create", object_type="service", data=SERVICE),
    audited("plans.agenda", "GET", "list", object_type="agenda", with_case_ref=False),
    audited("plans.supervision", "GET", "list", object_type="supervision", role="supervisor",
            with_case_ref=False),
]
