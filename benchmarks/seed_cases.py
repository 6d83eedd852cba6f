"""Seed a benchmark instance with many cases of realistic categories, in bulk, with a progress bar.

    python benchmarks/seed_cases.py --instance /tmp/cw_bench --cases 100000
    python benchmarks/seed_cases.py --instance /tmp/cw_bench_pg --cases 100000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:55433/cw_bench

Organisations and staff are made through the app's own operations; cases are written with bulk
INSERTs of exactly what register_case writes (encrypted identity, blind-index buckets, intake
consents, assignment and a chained `create` audit entry), which is about 40 times faster than
one request per case. The instance (keys, SECRET_KEY, database) is then served by run_load.py.
"""

from __future__ import annotations

import random
import secrets
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click
from flask_migrate import upgrade
from sqlalchemy import insert, inspect, select, text

from casework import create_app
from casework.accounts.models import User
from casework.accounts.operations import create_organisation, create_user
from casework.audit.models import AuditEntry
from casework.audit.operations import GENESIS_MAC, entry_mac
from casework.cases.models import (
    Case,
    CaseAssignment,
    Consent,
    Incident,
    IncidentCategory,
    Survivor,
    SurvivorIndex,
)
from casework.cases.operations import REFERENCE_ALPHABET
from casework.crypto.blind_index import blind_index, name_tokens, normalise_nik, normalise_phone
from casework.crypto.fields import encrypt_value
from casework.crypto.keyring import Keyring, current_keyring
from casework.crypto.models import write_canary
from casework.extensions import db
from casework.perpetrators.models import Perpetrator

BATCH = 2000
PASSWORD = "benchmark password for load tests only"  # noqa: S105 (invented users, local only)
CENTRES = 40
DISTRICTS = [f"3204{n:02d}" for n in range(1, 32)]
# Weights loosely follow SIMFONI-PPA's published shares (many cases have several forms).
FORMS = {"physical": 38, "psychological": 33, "sexual": 30, "neglect": 9, "exploitation": 4,
         "trafficking": 2, "other": 5}
GBV_TYPES = {"physical_assault": 34, "psychological_abuse": 26, "sexual_assault": 18, "rape": 12,
             "denial_of_resources": 6, "forced_marriage": 3, "non_gbv": 1}
PLACES = {"household": 58, "public_facility": 14, "school": 8, "online": 7, "workplace": 5,
          "other": 8}
RELATIONSHIPS = {"spouse": 28, "partner": 16, "parent": 9, "relative": 10, "neighbour": 9,
                 "community_member": 8, "stranger": 7, "teacher": 4, "employer": 3,
                 "former_spouse": 3, "colleague": 2, "other": 1}
AGE_BANDS = {"0-5": 5, "6-12": 14, "13-17": 27, "18-24": 14, "25-44": 30, "45-59": 8, "60+": 2}
TPKS = ["physical_harassment", "nonphysical_harassment", "electronic", "sexual_exploitation"]
FIRST = ["Siti", "Sri", "Dewi", "Nur", "Ayu", "Rina", "Wulan", "Indah", "Putri", "Lestari",
         "Fitri", "Yuli", "Ani", "Ratna", "Eka", "Maya", "Intan", "Sari", "Tuti", "Ningsih"]
LAST = ["Rahayu", "Wahyuni", "Aminah", "Handayani", "Susanti", "Kurniasih", "Pratiwi",
        "Hidayah", "Suryani", "Maryati", "", "", ""]


def pick(weights: dict[str, int]) -> str:
    """One code, by weight."""
    return random.choices(list(weights), weights=list(weights.values()))[0]


def make_instance(instance: Path, database_url: str | None) -> dict:
    """Keys, secret and database URL of the benchmark instance (kept between runs)."""
    instance.mkdir(parents=True, exist_ok=True)
    keys = instance / "keys.json"
    if not keys.exists():
        Keyring.generate().save(keys)
    secret = instance / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(48))
    url = database_url or f"sqlite:///{instance / 'casework.db'}"
    (instance / "database_url").write_text(url)
    return {"SECRET_KEY": secret.read_text(), "SQLALCHEMY_DATABASE_URI": url,
            "KEYS_FILE": str(keys), "CASEWORK_ENV": "benchmark"}


def seed_staff() -> tuple[list, list[User]]:
    """An NGO with its centres and units, one paralegal per centre, and the benchmark users."""
    ngo = create_organisation("bench-ngo", "Lembaga Benchmark", "ngo", None, "3204")
    centres = [create_organisation(f"bench-centre-{n}", f"Bale Istri {n}", "community_centre",
                                   ngo, DISTRICTS[n % len(DISTRICTS)]) for n in range(CENTRES)]
    create_organisation("bench-uptd", "UPTD PPA Benchmark", "uptd_ppa", None, "3204")
    create_organisation("bench-dukcapil", "Dukcapil Benchmark", "dukcapil", None, "3204")
    paralegals = [create_user(f"bench-paralegal-{n}", "paralegal", centre, PASSWORD)
                  for n, centre in enumerate(centres)]
    create_user("bench-supervisor", "supervisor", ngo, PASSWORD)
    return centres, paralegals


def seal(table: str, column: str, row_id: uuid.UUID, value: str | None) -> bytes | None:
    """The stored form of an encrypted value."""
    if not value:
        return None
    return encrypt_value(current_keyring(), table, column, row_id, value.encode("utf-8"))


def random_reference(used: set[str]) -> str:
    """A new random reference in the app's alphabet."""
    while True:
        raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"{raw[:4]}-{raw[4:]}"
        if reference not in used:
            used.add(reference)
            return reference


def survivor_identity(number: int) -> dict[str, str]:
    """An invented identity: name, NIK with the female day offset, phone."""
    name = f"{random.choice(FIRST)} {random.choice(LAST)}".strip()
    born = date(1960, 1, 1) + timedelta(days=random.randrange(20000))
    district = random.choice(DISTRICTS)
    nik = f"{district}{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}{number % 9999 + 1:04d}"
    phone = f"+628{random.randrange(10**9, 10**10)}"
    return {"name": name, "nik": nik, "phone": phone, "district": district}


def closing_time(created: datetime) -> datetime | None:
    """When a case of this age was closed: most cases older than a year are, none younger
    than three months, some in between (centres close a case once its needs are met)."""
    age = datetime.now(UTC).replace(tzinfo=None) - created
    share = 0.0 if age < timedelta(days=90) else 0.5 if age < timedelta(days=365) else 0.85
    if random.random() >= share:
        return None
    return min(created + timedelta(days=random.randrange(30, 240)),
               datetime.now(UTC).replace(tzinfo=None) - timedelta(days=1))


class Rows:
    """The rows of one batch, per table, ready for executemany."""

    def __init__(self) -> None:
        self.by_model: dict[type, list[dict]] = {model: [] for model in (
            Case, Survivor, Incident, Perpetrator, IncidentCategory, Consent, CaseAssignment,
            SurvivorIndex)}

    def add(self, model: type, **values) -> None:
        """One row for a table."""
        self.by_model[model].append(values)

    def write(self) -> None:
        """Insert every table in dependency order."""
        for model, rows in self.by_model.items():
            if rows:
                db.session.execute(insert(model.__table__), rows)


def case_rows(rows: Rows, number: int, centre, paralegal: User, used: set[str],
              created: datetime) -> tuple[uuid.UUID, str]:
    """Everything register_case writes for one case, as plain rows."""
    case_id, survivor_id, incident_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    reference = random_reference(used)
    who = survivor_identity(number)
    closed_at = closing_time(created)
    # About one open case in 200 has lost its paralegal (her assignment ended).
    left = closed_at is None and random.random() < 0.005
    rows.add(Case, id=case_id, reference=reference, organisation_id=centre.id,
             status="closed" if closed_at else "open", closed_at=closed_at,
             close_reason="needs_met" if closed_at else None,
             risk_level=random.choice(["low", "medium", "high", None]), created_at=created,
             updated_at=closed_at or created, created_by_id=paralegal.id, staffed=not left,
             version=1)
    rows.add(Survivor, id=survivor_id, case_id=case_id, name_enc=seal("survivor", "name", survivor_id,
             who["name"]), nik_enc=seal("survivor", "nik", survivor_id, who["nik"]),
             phone_enc=seal("survivor", "phone", survivor_id, who["phone"]), sex=random.choices(
             ["female", "male"], [92, 8])[0], age_band=pick(AGE_BANDS), district_code=who["district"],
             province_code="32", regency_code="3204")
    forms = sorted({pick(FORMS) for _ in range(random.choice([1, 1, 2]))})
    rows.add(Incident, id=incident_id, case_id=case_id, gbv_type=pick(GBV_TYPES), place=pick(PLACES),
             district_code=who["district"], created_at=created, incident_date=created.date(),
             narrative_enc=seal("incident", "narrative", incident_id, "Kronologi kejadian " * 8))
    rows.add(Perpetrator, id=uuid.uuid4(), case_id=case_id, incident_id=incident_id,
             created_at=created, relationship=pick(RELATIONSHIPS), is_child=False,
             harmed_others=False, version=1)
    for code in forms:
        rows.add(IncidentCategory, id=uuid.uuid4(), incident_id=incident_id, kind="form", code=code)
    if "sexual" in forms:
        rows.add(IncidentCategory, id=uuid.uuid4(), incident_id=incident_id, kind="tpks",
                 code=random.choice(TPKS))
    for purpose in ("record", "contact", "statistics"):
        rows.add(Consent, id=uuid.uuid4(), case_id=case_id, purpose=purpose, granted=True,
                 given_by="survivor", scope="", recorded_by_id=paralegal.id, recorded_at=created)
    rows.add(CaseAssignment, id=uuid.uuid4(), case_id=case_id, user_id=paralegal.id,
             assigned_at=created, ended_at=created + timedelta(days=7) if left else None)
    index_rows(rows, survivor_id, case_id, who)
    return case_id, reference


def index_rows(rows: Rows, survivor_id: uuid.UUID, case_id: uuid.UUID, who: dict) -> None:
    """The blind-index buckets of NIK, phone and name words, as index_survivor makes them."""
    ring = current_keyring()
    values = [("nik", normalise_nik(who["nik"])), ("phone", normalise_phone(who["phone"]))]
    values += [("name", token) for token in name_tokens(who["name"])]
    for field, value in values:
        rows.add(SurvivorIndex, id=uuid.uuid4(), survivor_id=survivor_id, case_id=case_id,
                 field=field, key_id=ring.index_primary, bucket=blind_index(ring, field, value))


class Chain:
    """Appends `create` entries to the access log, chained exactly as record() chains them."""

    def __init__(self) -> None:
        last = db.session.execute(
            select(AuditEntry.seq, AuditEntry.mac).order_by(AuditEntry.seq.desc()).limit(1)).first()
        self.seq, self.mac = (last.seq, last.mac) if last else (0, GENESIS_MAC)
        self.rows: list[dict] = []

    def add(self, case_id: uuid.UUID, reference: str, actor: User, when: datetime) -> None:
        """One entry for one registration."""
        self.seq += 1
        entry = AuditEntry(seq=self.seq, created_at=when, actor_id=actor.id,
                           actor_org_id=actor.organisation_id, action="create", object_type="case",
                           object_id=case_id, case_ref=reference, outcome="ok", flags="",
                           request_id=secrets.token_hex(8), ip="127.0.0.1")
        entry.mac = self.mac = entry_mac(current_keyring().audit_key, self.mac, entry)
        self.rows.append({c.name: getattr(entry, c.name) for c in AuditEntry.__table__.columns})

    def write(self) -> None:
        """Insert the batch's entries."""
        if self.rows:
            db.session.execute(insert(AuditEntry.__table__), self.rows)
            self.rows = []


def seed_cases(count: int, centres: list, paralegals: list[User]) -> None:
    """Write the cases in batches, oldest first, spread over five years, committing each batch."""
    used: set[str] = set()
    chain = Chain()
    start = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=5 * 365)
    step = timedelta(days=5 * 365) / count
    with click.progressbar(range(count), label="cases", show_pos=True, show_percent=True) as bar:
        rows = Rows()
        for number in bar:
            which = random.randrange(len(centres))
            when = start + step * number
            case_id, reference = case_rows(rows, number, centres[which], paralegals[which], used, when)
            chain.add(case_id, reference, paralegals[which], when.replace(tzinfo=UTC))
            if (number + 1) % BATCH == 0 or number + 1 == count:
                rows.write()
                chain.write()
                db.session.commit()
                rows = Rows()


def finish() -> None:
    """Derived statistics and fresh planner statistics."""
    try:
        from casework.reports.facts import rebuild_all
    except ImportError:
        rebuild_all = None
    if rebuild_all is not None:
        click.echo(f"statistics rebuilt for {rebuild_all()} cases")
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def fresh_schema() -> None:
    """An empty database at the migrations' head, as `casework db upgrade` makes it, so that
    --refresh can bring it to a later head the same way."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP FUNCTION IF EXISTS audit_entry_append_only() CASCADE"))
    db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()
    db.drop_all()
    db.session.remove()
    upgrade()


def refreshed_schema() -> None:
    """After a code change: the seeded database migrated to the new head (a database seeded
    before the benchmark used the migrations has no version to start from: seed it again)."""
    db.session.remove()
    if not inspect(db.engine).has_table("alembic_version"):
        raise click.ClickException("This database was seeded without the migrations: seed it "
                                   "again (without --refresh).")
    upgrade()


@click.command()
@click.option("--instance", type=click.Path(path_type=Path), required=True)
@click.option("--cases", "count", type=int, default=100_000, show_default=True)
@click.option("--database-url", default=None, help="PostgreSQL URL; SQLite in the instance if unset")
@click.option("--seed", type=int, default=8, show_default=True)
@click.option("--refresh", is_flag=True, help="Keep the cases; migrate to the new head and "
              "rebuild derived statistics (after the code changed).")
def main(instance: Path, count: int, database_url: str | None, seed: int, refresh: bool) -> None:
    """Build the schema, the staff and COUNT cases."""
    random.seed(seed)
    app = create_app(make_instance(instance, database_url))
    with app.app_context():
        if refresh:
            refreshed_schema()
            finish()
            return
        fresh_schema()
        write_canary(current_keyring().primary)
        centres, paralegals = seed_staff()
        db.session.commit()
        seed_cases(count, centres, paralegals)
        finish()
    click.echo(f"seeded {count} cases into {database_url or instance / 'casework.db'}")


if __name__ == "__main__":
    main()
