"""Rows of the shared authorisation matrix (tests/access) for the case plan pages.

Goals, actions and safety plans are made on the case of the row's relation, so an inner
object of another organisation's case is tried under that case's own reference.
"""

from __future__ import annotations

from datetime import timedelta

from casework.i18n import local_today
from casework.plans import operations as ops
from tests.access.matrix import ALLOW, DENY, LOGIN, case_rows, expect, register_arg


def _goal_id(world, relation: str):
    """A goal on the case of the relation."""
    return world.once("goal_id", relation, lambda: world.make_in_case(
        relation, lambda case, author: ops.add_goal(case, "safety", "Rasa aman", author).id))


def _action_id(world, relation: str):
    """An action towards the goal of the relation's case."""
    goal_id = _goal_id(world, relation)

    def add(case, author):
        data = {"description": "Mengantar ke Puskesmas", "responsible_kind": "paralegal",
                "due_on": local_today() + timedelta(days=3)}
        return ops.add_action(case, ops.goal_of(case, goal_id), data, author).id

    return world.once("action_id", relation, lambda: world.make_in_case(relation, add))


def _safety_plan(world, relation: str) -> int:
    """The number of a first safety plan on the case of the relation."""
    return world.once("safety_plan", relation, lambda: world.make_in_case(
        relation, lambda case, author: ops.save_safety_plan(
            case, {"safe_places": "Rumah kakak"}, 0, author).number))


register_arg("goal_id", _goal_id, of_case=True)
register_arg("action_id", _action_id, of_case=True)
register_arg("safety_plan", _safety_plan)

CASE_STAFF = {"anonymous": LOGIN, "paralegal": ALLOW, "service_staff": DENY,
              "supervisor": ALLOW, "admin": DENY}
# Pages of one case, read (GET) and written (POST), with the usual rule of a case page.
CASE_PAGES = (
    ("plans.assessment", "GET"), ("plans.assessment", "POST"),
    ("plans.safety_plan", "GET"), ("plans.safety_plan", "POST"),
    ("plans.safety_review", "POST"),
    ("plans.followups", "GET"), ("plans.followups", "POST"),
    ("plans.services", "GET"), ("plans.services", "POST"),
    ("plans.new_goal", "GET"), ("plans.new_goal", "POST"),
    ("plans.edit_goal", "GET"), ("plans.edit_goal", "POST"),
    ("plans.new_action", "GET"), ("plans.new_action", "POST"),
    ("plans.edit_action", "GET"), ("plans.edit_action", "POST"),
)

ROWS = [
    *[row for endpoint, method in CASE_PAGES for row in case_rows(endpoint, method)],
    # Printing and the printed copy need a plan: without one they answer 404 to everyone.
    *case_rows("plans.safety_print", "GET", needs=("safety_plan",)),
    *case_rows("plans.safety_copy", "POST", data={"copy_status": "kept"},
               needs=("safety_plan",)),
    # The World's service staff work cases at her UPTD PPA (issue 13): her own agenda.
    *expect("plans.agenda", "GET", **{**CASE_STAFF, "service_staff": ALLOW}),
    *expect("plans.supervision", "GET", **{**CASE_STAFF, "paralegal": DENY}),
]
