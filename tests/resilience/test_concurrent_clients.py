"""SECURITY.md 21 and 28, issue 8.4: eight clients edit, annotate and refer the same and
different cases at once over HTTP. No update is lost (the loser is told, with a 409), no case
gets two open referrals to one unit, nothing answers 500, and the access log verifies with
no gap, one entry per saved change."""

from __future__ import annotations

import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import case_data
from tests.e2e.live import has_endpoint
from tests.resilience.http import Staff, form_data, form_version
from tests.resilience.ledger import chain_problem, referrals_per_case, unaudited_changes

CLIENTS = 8
ROUNDS = 6
STALE = b"Orang lain sudah menyimpan kasus ini"  # the loser is told, in Indonesian


class Tally:
    """What the clients saw: statuses, and each successful save with the version it read."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: list[int] = []
        self.saves: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.stale_told = 0
        self.notes: dict[str, int] = defaultdict(int)

    def add(self, status: int) -> None:
        """Note one answer."""
        with self.lock:
            self.statuses.append(status)


def edit_once(staff: Staff, reference: str, label: str, tally: Tally) -> None:
    """Open the edit form, then save a new name based on the version it showed."""
    opened = staff.get(f"/cases/{reference}/edit")
    tally.add(opened.status)
    version = form_version(opened.body)
    saved = staff.post(f"/cases/{reference}/edit",
                       form_data(case_data(name=label, version=version)))
    tally.add(saved.status)
    with tally.lock:
        if saved.status == 302:
            tally.saves[reference].append((version, label))
        elif saved.status == 409 and STALE in saved.body and label.encode() in saved.body:
            tally.stale_told += 1


def note_once(staff: Staff, reference: str, label: str, tally: Tally) -> None:
    """Add a note to the case."""
    answer = staff.post(f"/cases/{reference}/notes", {"body": f"Catatan {label}"})
    tally.add(answer.status)
    if answer.status == 302:
        with tally.lock:
            tally.notes[reference] += 1


def refer_once(staff: Staff, reference: str, unit_id: str, tally: Tally) -> None:
    """Refer the case to the unit (every client tries: only one open referral may result)."""
    if not unit_id:
        return
    answer = staff.post(f"/cases/{reference}/referrals/new", {
        "unit": unit_id, "services": "psychological", "urgency": "routine",
        "reason": "Butuh konseling", "consent_given": "y", "consent_given_by": "survivor",
        "groups": ["identity", "contact"]})
    tally.add(answer.status)


def client_work(staff: Staff, number: int, shared: str, own: str, unit_id: str,
                tally: Tally) -> None:
    """Half the rounds on the case everyone shares, half on a case of one's own pair."""
    for round_no in range(ROUNDS):
        reference = shared if round_no % 2 == 0 else own
        edit_once(staff, reference, f"Klien {number} putaran {round_no}", tally)
        note_once(staff, reference, f"{number}-{round_no}", tally)
        refer_once(staff, reference, unit_id, tally)


def test_eight_clients_no_lost_update_no_500(app, live_server, device, make_user, make_case,
                                             make_org):
    """Same and different cases at once: every save is from a distinct version, losers told."""
    centre = make_org("community_centre")
    paralegal = make_user("paralegal", centre)
    shared = make_case(paralegal).reference
    own = [make_case(paralegal).reference for _ in range(CLIENTS // 2)]
    devices = [device(live_server.url, paralegal) for _ in range(CLIENTS)]
    unit_id = str(make_org("uptd_ppa", region="3204").id) if has_endpoint("referrals.new") else ""
    tally = Tally()
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(client_work, devices[n], n, shared, own[n // 2], unit_id, tally)
                   for n in range(CLIENTS)]
        for future in futures:
            future.result()

    assert set(tally.statuses) <= {200, 302, 409, 422}, sorted(set(tally.statuses))
    assert tally.saves[shared], "nobody managed to save the shared case"
    assert tally.stale_told > 0, "eight clients on one case and nobody was refused"
    refused = tally.statuses.count(409)
    assert tally.stale_told == refused, "a refused save did not say why or lost the input"
    for reference, saves in tally.saves.items():
        bases = [version for version, _label in saves]
        assert len(bases) == len(set(bases)), f"{reference}: two saves from one version"
        final = devices[0].get(f"/cases/{reference}").body
        assert _last_saved_shown(final, saves), f"{reference}: the last save is not shown"
    assert sum(tally.notes.values()) == CLIENTS * ROUNDS, "a note was refused or lost"
    assert chain_problem(app) == ""
    assert unaudited_changes(app) == []
    if unit_id:
        assert referrals_per_case(app) == {ref: 1 for ref in [shared, *own]}


def _last_saved_shown(page: bytes, saves: list[tuple[str, str]]) -> bool:
    """The case shows the save made from the highest version (the last one to win)."""
    newest = max(saves, key=lambda save: int(save[0]))
    return newest[1].encode() in page
