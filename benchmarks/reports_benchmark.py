"""Time the statistics page at 100,000 cases against a trivial route, in the same run.

    /work/venv/bin/python benchmarks/reports_benchmark.py                 # SQLite in a temp dir
    /work/venv/bin/python benchmarks/reports_benchmark.py --cases 100000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:55433/cw_reports_bench

Cases, survivors, incidents, their multi-select codes, statistics consents, services,
referrals and each case's statistics row (report_case_fact, as casework.reports.facts writes
it) are written with bulk executemany INSERTs of realistic categories (weights loosely
after SIMFONI-PPA's published shares). Encrypted identity fields are left empty: the
statistics never read them. The page is then fetched through the app as an NGO supervisor
whose scope holds every case (so small-cell suppression runs too), several times, and
compared with /healthz fetched the same way.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click
from sqlalchemy import insert, text

from casework import create_app
from casework.accounts.models import User
from casework.accounts.operations import create_organisation, create_user
from casework.accounts.sessions import start_session
from casework.cases.models import (
    Case,
    Consent,
    Incident,
    IncidentCategory,
    ServiceRecord,
    Survivor,
)
from casework.crypto.keyring import Keyring
from casework.crypto.models import write_canary
from casework.extensions import db
from casework.perpetrators.models import Perpetrator
from casework.referrals.models import Referral
from casework.reports.facts import INCIDENT_COLUMNS, SURVIVOR_COLUMNS, rebuild_all
from casework.reports.models import CaseFact, ServiceFact

BATCH = 5000
CENTRES = 20
UNITS = ("uptd_ppa", "dinas_sosial", "dukcapil", "health", "police", "legal_aid")
DISTRICTS = [f"3204{n:02d}" for n in range(1, 32)]
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
DISABILITIES = {"none": 90, "physical": 3, "sensory": 2, "intellectual": 2, "mental": 2,
                "multiple": 1}
EDUCATION = {"none": 5, "tk": 3, "sd": 25, "smp": 27, "sma": 30, "higher": 10}
OCCUPATIONS = {"student": 35, "housewife": 25, "labourer": 10, "trader": 10, "farmer": 8,
               "not_working": 7, "private_employee": 5}
MARITAL = {"unmarried": 50, "married": 40, "divorced": 6, "widowed": 2, "siri": 2}
SERVICES = {"complaint": 30, "health": 15, "legal_aid": 10, "psychological": 15,
            "social_rehabilitation": 8, "shelter": 5, "law_enforcement": 8,
            "civil_documents": 5, "return_home": 2, "social_reintegration": 2}
OUTCOMES = {"provided": 80, "referred_elsewhere": 8, "already_received": 3,
            "declined_by_survivor": 4, "not_available": 3, "not_applicable": 2}
TPKS = ["physical_harassment", "nonphysical_harassment", "electronic", "sexual_exploitation"]
SECRET = "benchmark-secret-key-long-enough-0123456789abcdef"  # noqa: S105 a throwaway instance


def pick(weights: dict[str, int]) -> str:
    """One code, by weight."""
    return random.choices(list(weights), weights=list(weights.values()))[0]


def make_app(database_url: str | None, folder: Path):
    """An app on a fresh database with a new keyring."""
    keys = folder / "keys.json"
    Keyring.generate().save(keys)
    url = database_url or f"sqlite:///{folder / 'bench.db'}"
    return create_app({"TESTING": True, "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url,
                       "KEYS_FILE": str(keys), "CASEWORK_ENV": "benchmark",
                       "ATTACHMENTS_PATH": str(folder / "attachments")})


def reset_schema(database_url: str | None) -> None:
    """Empty tables in the current app's database."""
    if database_url:
        db.drop_all()
        db.session.execute(text("DROP FUNCTION IF EXISTS audit_entry_append_only() CASCADE"))
        db.session.commit()
    db.create_all()
    db.session.commit()


def make_organisations() -> tuple[list, list, User]:
    """An NGO with its centres, the service units, and the NGO's supervisor."""
    ngo = create_organisation("bench-ngo", "LSM Bench", "ngo", None, "3204")
    centres = [create_organisation(f"bench-centre-{n}", f"Bale {n}", "community_centre", ngo,
                                   DISTRICTS[n % len(DISTRICTS)]) for n in range(CENTRES)]
    units = [create_organisation(f"bench-{kind}", f"Unit {kind}", kind, None, "3204")
             for kind in UNITS]
    supervisor = create_user("bench-supervisor", "supervisor", ngo, "benchmark password 123")
    db.session.commit()
    return centres, units, supervisor


def case_rows(case_id: uuid.UUID, number: int, centre, now: datetime) -> dict[str, list[dict]]:
    """The rows of one case: case, survivor, incident, codes, consent, services, referral."""
    created = now - timedelta(minutes=random.randrange(2 * 365 * 24 * 60))
    district = random.choice(DISTRICTS)
    incident_id = uuid.uuid4()
    consent_id = uuid.uuid4()
    forms = {pick(FORMS) for _ in range(random.choice((1, 1, 2)))}
    rows: dict[str, list[dict]] = {
        "case": [{"id": case_id, "reference": f"B{number:07d}", "organisation_id": centre.id,
                  "status": random.choice(("open", "open", "closed")),
                  "risk_level": random.choice(("low", "medium", "high")),
                  "created_at": created, "updated_at": created, "version": 1}],
        "survivor": [{"id": uuid.uuid4(), "case_id": case_id,
                      "sex": "female" if random.random() < 0.9 else "male",
                      "age_band": pick(AGE_BANDS), "disability": pick(DISABILITIES),
                      "education": pick(EDUCATION), "occupation": pick(OCCUPATIONS),
                      "marital_status": pick(MARITAL), "province_code": "32",
                      "regency_code": "3204", "district_code": district}],
        "incident": [{"id": incident_id, "case_id": case_id, "created_at": created,
                      "incident_date": (created - timedelta(days=3)).date(),
                      "gbv_type": pick(GBV_TYPES), "place": pick(PLACES),
                      "district_code": district}],
        "perpetrator": [{"id": uuid.uuid4(), "case_id": case_id, "incident_id": incident_id,
                         "created_at": created, "relationship": pick(RELATIONSHIPS),
                         "is_child": False, "harmed_others": False, "version": 1}],
        "category": [{"id": uuid.uuid4(), "incident_id": incident_id, "kind": "form", "code": f}
                     for f in forms],
        "consent": [{"id": consent_id, "case_id": case_id, "purpose": "statistics",
                     "granted": random.random() < 0.93, "given_by": "survivor",
                     "scope": "", "recorded_at": created}],
        "service": [], "referral": [],
    }
    if "sexual" in forms:
        rows["category"].append({"id": uuid.uuid4(), "incident_id": incident_id, "kind": "tpks",
                                 "code": random.choice(TPKS)})
    add_services_and_referral(rows, case_id, consent_id, centre, created)
    rows["fact"] = [fact_row(rows)]
    survivor = rows["survivor"][0]
    rows["service_fact"] = [
        {"service_id": service["id"], "case_id": case_id, "organisation_id": centre.id,
         "delivered_on": service["delivered_on"], "service_type": service["service_type"],
         "outcome": service["outcome"],
         **{name: survivor[name] for name in ("province_code", "regency_code", "district_code")}}
        for service in rows["service"]]
    return rows


def fact_row(rows: dict[str, list[dict]]) -> dict:
    """The statistics row casework.reports.facts would write for this case."""
    case, survivor, incident = rows["case"][0], rows["survivor"][0], rows["incident"][0]
    codes = {kind: sorted(c["code"] for c in rows["category"] if c["kind"] == kind)
             for kind in ("form", "tpks")}
    return {
        "case_id": case["id"], "organisation_id": case["organisation_id"],
        "created_at": case["created_at"], "status": case["status"],
        **{name: survivor[name] for name in SURVIVOR_COLUMNS},
        **{name: incident[name] for name in INCIDENT_COLUMNS},
        "perpetrator_relationship": rows["perpetrator"][0]["relationship"],
        "forms": "," + "".join(f"{c}," for c in codes["form"]),
        "tpks_crimes": "," + "".join(f"{c}," for c in codes["tpks"]),
        "statistics_consent": rows["consent"][0]["granted"],
    }


def add_services_and_referral(rows: dict, case_id, consent_id, centre, created) -> None:
    """About one service in two, and one referral in three, with its transition times."""
    if random.random() < 0.5:
        rows["service"].append({
            "id": uuid.uuid4(), "case_id": case_id, "provider_org_id": centre.id,
            "service_type": pick(SERVICES), "outcome": pick(OUTCOMES),
            "delivered_on": (created + timedelta(days=2)).date(), "recorded_at": created})
    if random.random() < 0.33:
        unit = random.choice(BENCH["units"])
        accepted = created + timedelta(hours=random.randrange(1, 200))
        ended = accepted + timedelta(days=random.randrange(1, 60))
        status = random.choice(("sent", "accepted", "completed", "completed", "declined"))
        rows["referral"].append({
            "id": uuid.uuid4(), "reference": f"R{uuid.uuid4().hex[:10].upper()}",
            "case_id": case_id, "from_org_id": centre.id, "to_org_id": unit.id,
            "consent_id": consent_id, "status": status, "urgency": "routine",
            "sent_at": created, "accepted_at": accepted if status in ("accepted", "completed")
            else None, "ended_at": ended if status in ("completed", "declined") else None,
            "status_changed_at": created, "version": 1})


BENCH: dict = {}
TABLES = {"case": Case, "survivor": Survivor, "incident": Incident, "perpetrator": Perpetrator,
          "category": IncidentCategory,
          "consent": Consent, "service": ServiceRecord, "referral": Referral, "fact": CaseFact,
          "service_fact": ServiceFact}


def seed(count: int, centres: list) -> float:
    """Write `count` cases in batches; the seconds it took."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    for first in range(0, count, BATCH):
        batch: dict[str, list[dict]] = {name: [] for name in TABLES}
        for number in range(first, min(first + BATCH, count)):
            for name, rows in case_rows(uuid.uuid4(), number, random.choice(centres),
                                        now).items():
                batch[name].extend(rows)
        for name, model in TABLES.items():
            if batch[name]:
                db.session.execute(insert(model), batch[name])
        db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
    else:
        db.session.connection().exec_driver_sql("ANALYZE")
    db.session.commit()
    return time.perf_counter() - started


def timed(client, path: str, runs: int, **query) -> list[float]:
    """Seconds per request of a page, `runs` times (after one warm-up)."""
    assert client.get(path, query_string=query).status_code == 200
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, query_string=query)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return times


def summary(name: str, times: list[float]) -> str:
    """Median and worst of a timing."""
    return f"{name:<44} median {statistics.median(times) * 1000:8.1f} ms   " \
           f"worst {max(times) * 1000:8.1f} ms"


@click.command()
@click.option("--cases", default=100_000, show_default=True)
@click.option("--runs", default=5, show_default=True)
@click.option("--database-url", default=None, help="PostgreSQL URL; SQLite in a temp dir if unset.")
@click.option("--rebuild/--no-rebuild", default=False,
              help="Also time `casework reports rebuild` over every case.")
def main(cases: int, runs: int, database_url: str | None, rebuild: bool) -> None:
    """Seed, then time the statistics page against /healthz."""
    random.seed(7)
    folder = Path(tempfile.mkdtemp(prefix="cw_reports_bench_"))
    app = make_app(database_url, folder)
    with app.app_context():
        reset_schema(database_url)
        write_canary(Keyring.load(folder / "keys.json").primary)
        centres, BENCH["units"], supervisor = make_organisations()
        seconds = seed(cases, centres)
        click.echo(f"seeded {cases} cases in {seconds:.1f} s ({db.engine.dialect.name})")
        if rebuild:
            started = time.perf_counter()
            rebuild_all()
            db.session.commit()
            click.echo(f"rebuilt the statistics table in {time.perf_counter() - started:.1f} s")
        token = start_session(db.session.get(User, supervisor.id), mfa_verified=True)
        db.session.commit()
    client = app.test_client()
    client.set_cookie(app.config["AUTH_COOKIE_NAME"], token)
    today = date.today()
    results = [
        summary("/healthz (trivial route)", timed(client, "/healthz", runs)),
        summary("/reports/ this year (default)", timed(client, "/reports/", runs)),
        summary("/reports/ two years (every case)", timed(
            client, "/reports/", runs, start=(today - timedelta(days=731)).isoformat())),
        summary("/reports/ one centre, one district", timed(
            client, "/reports/", runs, org="bench-centre-3", region=DISTRICTS[3])),
    ]
    click.echo("\n".join(results))


if __name__ == "__main__":
    main()
