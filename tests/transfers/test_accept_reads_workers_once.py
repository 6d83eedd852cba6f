"""Accepting reads the receiver's case workers once: the form's choices are the list the
operation checks the person chosen against."""

from __future__ import annotations

from casework.transfers import operations, views


def test_an_acceptance_reads_the_case_workers_once(app, world, proposed, as_user, monkeypatch):
    calls: list[object] = []
    real = operations.case_workers_of

    def counted(organisation):
        calls.append(organisation)
        return real(organisation)

    monkeypatch.setattr(operations, "case_workers_of", counted)
    monkeypatch.setattr(views, "case_workers_of", counted)
    response = as_user(world.receiver_paralegal).post(
        f"/transfers/{proposed}/accept", data={"assignee": str(world.receiver_paralegal2.id)})
    assert response.status_code == 302
    assert len(calls) == 1
