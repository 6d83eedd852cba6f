"""Search at 100,000 cases: blind-index NIK and name search against decrypting every row.

    /work/venv/bin/python -m benchmarks.search_benchmark [--cases 100000]

Seeds a throwaway SQLite instance in bulk (rows written with executemany, encrypted values and
blind-index buckets computed in Python), then times, in the same run, the search the app uses
and a scan that decrypts every survivor's NIK or name.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import insert, select

from casework import create_app
from casework.accounts.models import Organisation, User
from casework.cases.models import (
    Case,
    CaseAssignment,
    CaseNote,
    Incident,
    Survivor,
    SurvivorIndex,
)
from casework.crypto.blind_index import bucket_under, name_tokens, normalise_nik, normalise_phone
from casework.crypto.keyring import Keyring
from casework.crypto.models import write_canary
from casework.crypto.rotation import Resealer
from casework.extensions import db
from casework.perpetrators.models import Perpetrator

FIRST = ("siti nur dewi sri ani ayu wulan rina putri lestari fitri indah ratna yuni endang "
         "kartika ning made ketut wayan nyoman komang kadek luh desak dian eka tri dwi maya "
         "nurul aisyah fatimah rahma laila zahra intan mega sari wati").split()
FAMILY = ("aminah rahayu susanti handayani wahyuni kusuma pratiwi permata safitri purnamasari "
          "hidayati maharani setiawati anggraini yuliani marlina suryani lubis siregar nasution "
          "harahap simanjuntak pangaribuan sinaga manurung tambunan situmorang hutapea sitompul "
          "wijaya santoso gunawan halim tanoto salim kurniawan saputra pratama nugroho").split()
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CENTRES = 20
BATCH = 5000


def build_app(folder: Path) -> tuple[Flask, Keyring]:
    """An instance in folder: SQLite database, keys file, schema (reused when already there)."""
    if (folder / "keys.json").exists():
        ring = Keyring.load(folder / "keys.json")
    else:
        ring = Keyring.generate()
        ring.save(folder / "keys.json")
    app = create_app({
        "TESTING": True, "SECRET_KEY": "benchmark-secret-key-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'casework.db'}",
        "KEYS_FILE": str(folder / "keys.json"), "ATTACHMENTS_PATH": str(folder / "attachments"),
        "CASEWORK_ENV": "benchmark",
    })
    with app.app_context():
        db.create_all()
        write_canary(ring.primary)
        db.session.commit()
    return app, ring


def _people() -> tuple[list[dict], list[dict]]:
    """An NGO with centres, a supervisor at the NGO and a paralegal per centre."""
    now = datetime.now(UTC)
    ngo = {"id": uuid.uuid4(), "code": "ngo", "name": "NGO", "kind": "ngo", "parent_id": None,
           "region_code": "3204", "active": True, "created_at": now}
    orgs = [ngo] + [{**ngo, "id": uuid.uuid4(), "code": f"centre-{n}", "name": f"Centre {n}",
                     "kind": "community_centre", "parent_id": ngo["id"]} for n in range(CENTRES)]
    users = [{"id": uuid.uuid4(), "username": f"user-{n}", "display_name": "", "role": role,
              "organisation_id": org["id"], "password_hash": "x", "active": True,
              "locale": "en", "failed_logins": 0, "created_at": now}
             for n, (org, role) in enumerate(
                 [(ngo, "supervisor")] + [(o, "paralegal") for o in orgs[1:]])]
    return orgs, users


def _reference(used: set[str], rng: random.Random) -> str:
    """A unique random case reference."""
    while True:
        raw = "".join(rng.choice(ALPHABET) for _ in range(8))
        reference = f"{raw[:4]}-{raw[4:]}"
        if reference not in used:
            used.add(reference)
            return reference


def _case_rows(n: int, users: list[dict], seal, ring: Keyring, rng, used) -> dict[str, list]:
    """The rows of one case: case, survivor, incident, note, assignment and index entries."""
    paralegal = users[1 + n % CENTRES]
    case_id, survivor_id, incident_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    perpetrator_id = uuid.uuid4()
    created = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=n * 13)
    name = f"{rng.choice(FIRST).title()} {rng.choice(FAMILY).title()}"
    nik = f"3204{n % 100:02d}{41 + n % 28:02d}{1 + n % 12:02d}{80 + n % 20:02d}{n % 10000:04d}"
    phone = f"+62812{n:08d}"

    def enc(table: str, field: str, row_id, value: str) -> bytes:
        return seal(table, field, row_id, value.encode())

    survivor = {"id": survivor_id, "case_id": case_id, "sex": "female", "age_band": "25-44",
                "name_enc": enc("survivor", "name", survivor_id, name),
                "nik_enc": enc("survivor", "nik", survivor_id, nik),
                "phone_enc": enc("survivor", "phone", survivor_id, phone),
                "address_enc": enc("survivor", "address", survivor_id, f"Jl. Mawar {n}"),
                "safe_phone_enc": enc("survivor", "safe_phone", survivor_id, f"+62857{n:08d}"),
                "code_word_enc": enc("survivor", "code_word", survivor_id, "melati"),
                "date_of_birth_enc": enc("survivor", "date_of_birth", survivor_id,
                                         date(1990, 1 + n % 12, 1).isoformat())}
    values = [("nik", normalise_nik(nik)), ("phone", normalise_phone(phone)),
              ("phone", normalise_phone(f"+62857{n:08d}"))]
    values += [("name", token) for token in name_tokens(name)]
    return {
        "case": [{"id": case_id, "reference": _reference(used, rng),
                  "organisation_id": paralegal["organisation_id"], "status": "open",
                  "created_at": created, "updated_at": created, "version": 1,
                  "created_by_id": paralegal["id"]}],
        "survivor": [survivor],
        "incident": [{"id": incident_id, "case_id": case_id, "gbv_type": "physical_assault",
                      "created_at": created,
                      "narrative_enc": enc("incident", "narrative", incident_id, "Kejadian.")}],
        "perpetrator": [{"id": perpetrator_id, "case_id": case_id, "incident_id": incident_id,
                         "created_at": created, "is_child": False, "harmed_others": False,
                         "version": 1,
                         "name_enc": enc("perpetrator", "name", perpetrator_id, "Budi")}],
        "note": [_note(case_id, paralegal, created, seal)],
        "assignment": [{"id": uuid.uuid4(), "case_id": case_id, "user_id": paralegal["id"],
                        "assigned_at": created}],
        "index": [{"id": uuid.uuid4(), "survivor_id": survivor_id, "case_id": case_id,
                   "field": f, "key_id": ring.index_primary,
                   "bucket": bucket_under(ring.index_key, f, v)} for f, v in values],
    }


def _note(case_id, paralegal: dict, created: datetime, seal) -> dict:
    """One encrypted case note."""
    note_id = uuid.uuid4()
    return {"id": note_id, "case_id": case_id, "author_id": paralegal["id"], "created_at": created,
            "body_enc": seal("case_note", "body", note_id, b"Kunjungan rumah.")}


TABLES = {"case": Case, "survivor": Survivor, "incident": Incident,
          "perpetrator": Perpetrator, "note": CaseNote,
          "assignment": CaseAssignment, "index": SurvivorIndex}


def seed(app: Flask, ring: Keyring, cases: int, seed_value: int = 7) -> dict[str, list]:
    """Write the people and `cases` cases in bulk; returns the users and a sample of cases."""
    rng = random.Random(seed_value)
    seal = Resealer(ring).seal
    orgs, users = _people()
    used: set[str] = set()
    sample: list[tuple[str, str]] = []
    with app.app_context():
        db.session.execute(insert(Organisation.__table__), orgs)
        db.session.execute(insert(User.__table__), users)
        db.session.commit()
        for start in range(0, cases, BATCH):
            rows: dict[str, list] = {key: [] for key in TABLES}
            for n in range(start, min(start + BATCH, cases)):
                for key, items in _case_rows(n, users, seal, ring, rng, used).items():
                    rows[key] += items
            sample += [(r["id"], r["reference"]) for r in rows["case"][:3]]
            for key, model in TABLES.items():
                db.session.execute(insert(model.__table__), rows[key])
            db.session.commit()
            print(f"  seeded {min(start + BATCH, cases):>7} cases", end="\r", flush=True)
    print()
    return {"users": users, "sample": sample}


def timed(function, repeat: int) -> float:
    """The median seconds of a call over a few runs."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def scan_every_row(field: str, wanted) -> int:
    """The naive way: decrypt every survivor's value and compare (what we never do)."""
    found = 0
    for survivor in db.session.scalars(select(Survivor).execution_options(yield_per=2000)):
        value = getattr(survivor, field)
        if wanted(value):
            found += 1
    db.session.expunge_all()
    return found


def _give_a_distinctive_name(case_id) -> str:
    """Rename one survivor to words no seeded name uses (most real names are rarer than the
    seed's forty first and forty family names, each held by 2.5% of survivors)."""
    from casework.cases.operations import index_survivor

    survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == case_id))
    survivor.name = "Kadek Wirasanti"
    index_survivor(survivor)
    db.session.commit()
    return survivor.name


def measure(app: Flask, people: dict, cases: int) -> list[tuple[str, float, float, int]]:
    """NIK and name search vs a full decrypting scan; (label, index s, scan s, matches)."""
    from casework.search.operations import parse_query, search_cases

    n = cases // 2
    nik = f"3204{n % 100:02d}{41 + n % 28:02d}{1 + n % 12:02d}{80 + n % 20:02d}{n % 10000:04d}"
    results = []
    with app.app_context():
        supervisor = db.session.scalar(select(User).where(User.role == "supervisor"))
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == people["sample"]))
        name = survivor.name
        rare = _give_a_distinctive_name(people["rare"])
        for label, query, field, wanted in (
            ("NIK", nik, "nik", lambda v: v == nik),
            ("name (two common words)", name, "name",
             lambda v: set(name_tokens(name)) <= set(name_tokens(v or ""))),
            ("name (a distinctive one)", rare, "name",
             lambda v: set(name_tokens(rare)) <= set(name_tokens(v or ""))),
        ):
            parsed = parse_query(query)
            matches = len(search_cases(supervisor, parsed, 1, 25).items)
            fast = timed(lambda parsed=parsed: search_cases(supervisor, parsed, 1, 25), 20)
            slow = timed(lambda field=field, wanted=wanted: scan_every_row(field, wanted), 1)
            results.append((label, fast, slow, matches))
            db.session.rollback()
    return results


def main() -> None:
    """Seed, measure and print the figures for benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--folder", help="Keep (or reuse) the seeded instance in this folder.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casework-bench-") as scratch:
        folder = Path(args.folder or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        reuse = (folder / "casework.db").exists()
        app, ring = build_app(folder)
        if not reuse:
            started = time.perf_counter()
            seed(app, ring, args.cases)
            print(f"Seeded {args.cases} cases in {time.perf_counter() - started:.1f} s")
        with app.app_context():
            newest = db.session.scalars(select(Case.id).order_by(Case.created_at.desc()).limit(2))
            people = dict(zip(("sample", "rare"), newest, strict=True))
        print(f"{'search':<18} {'blind index':>12} {'decrypt all':>12} {'faster':>9}  matches")
        for label, fast, slow, matches in measure(app, people, args.cases):
            print(f"{label:<18} {fast * 1000:>9.2f} ms {slow:>10.2f} s {slow / fast:>8.0f}x  {matches}")


if __name__ == "__main__":
    main()
