"""Every action the code records has a label on the log page and can be chosen as a filter:
no raw codes for a supervisor to decipher, no entry she cannot filter for."""

from __future__ import annotations

import ast
from pathlib import Path

from casework.audit.forms import ACTIONS, OBJECT_TYPES

PACKAGE = Path(__file__).resolve().parents[2] / "casework"
# Calls that pass an action on to record(): the action is their first argument...
FIRST_ARGUMENT = {"record", "audit_record", "_audit", "_refused", "_record_failure"}
# ...or their second (the reason a second factor is removed is the action recorded).
SECOND_ARGUMENT = {"remove_second_factor"}


def _name(call: ast.Call) -> str:
    """The called function's name, whether plain or an attribute."""
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _strings(node: ast.AST) -> set[str]:
    """The literal strings an argument can be ("a", or "a" if ... else "b")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _recorded(call: ast.Call) -> set[str]:
    """The actions one call records, if it is one of the recording calls."""
    name = _name(call)
    position = 0 if name in FIRST_ARGUMENT else 1 if name in SECOND_ARGUMENT else None
    if position is None or len(call.args) <= position:
        return set()
    return _strings(call.args[position])


def recorded_actions() -> set[str]:
    """Every action name written literally in a recording call anywhere in casework/."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                found |= _recorded(node)
    return found


def recorded_object_types() -> set[str]:
    """Every object_type="..." passed to a call anywhere in casework/."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "object_type":
                found |= _strings(node.value)
    return found


def test_the_scan_finds_the_actions():
    """The scan reaches the calls it must (through record and its wrappers)."""
    assert {"view", "login", "password_ok", "mfa_reset", "mfa_removed", "accept",
            "consent_withdrawn", "backup_create", "activate", "deactivate", "approve_close",
            "session_refused", "csrf_failed"} <= recorded_actions()


def test_every_recorded_action_has_a_label():
    """A new action without a label fails here."""
    assert sorted(recorded_actions() - set(ACTIONS)) == []


def test_every_recorded_object_type_has_a_label():
    """The same for the kinds of object an entry names."""
    assert sorted(recorded_object_types() - set(OBJECT_TYPES)) == []


def test_every_recorded_action_is_a_filter(client, login, make_org, make_user):
    """A supervisor may filter the log by each of them."""
    login(client, make_user("supervisor", make_org("ngo")))
    refused = {action: client.get("/audit/", query_string={"action": action}).status_code
               for action in sorted(recorded_actions())}
    assert refused == dict.fromkeys(sorted(recorded_actions()), 200)


def test_an_mfa_reset_reads_in_words(app, client, login, make_org, make_user):
    """An admin's reset of a second factor shows its label on the supervisor's log page."""
    ngo = make_org("ngo")
    member = make_user("paralegal", ngo)
    admin = login(app.test_client(), make_user("admin", ngo))
    assert admin.post(f"/admin/users/{member.id}/reset-mfa").status_code == 302
    login(client, make_user("supervisor", ngo))
    page = client.get("/audit/", query_string={"action": "mfa_reset"})
    entries = page.get_data(as_text=True).split('class="plain audit-log"')[1]
    assert page.status_code == 200
    assert "Verifikasi dua langkah diatur ulang" in entries and "mfa_reset" not in entries
