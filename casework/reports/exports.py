"""CSV exports: the aggregate tables and a GBVIMS incident list (SIMFONI-PPA: reports.simfoni).

No export carries a name, a NIK, a case reference or any encrypted value. The per-victim
exports hold only cases whose survivor agreed that her anonymous data be counted.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import tzinfo

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask_babel import gettext as _
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from casework.accounts.models import Organisation
from casework.cases import categories as cat
from casework.cases.models import Case, Consent, Incident, IncidentCategory, ServiceRecord, Survivor
from casework.crypto.keyring import current_keyring
from casework.database import in_slices
from casework.extensions import db
from casework.perpetrators.summary import PerpetratorFacts, perpetrators_for_cases
from casework.referrals.models import REFERRAL_STATUSES, Referral
from casework.reports.filters import ReportFilter
from casework.reports.models import CaseFact
from casework.reports.tables import ReportTable

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SURVIVOR_CODE_INFO = b"casework survivor code v1"


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text, never runs (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: list[str], rows: Iterable[list[object]]) -> str:
    """CSV text with every cell neutralised; a BOM so spreadsheets read UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()


def tables_csv(tables: list[ReportTable]) -> str:
    """Every aggregate table, one block after another, as published (suppressed)."""
    header = [_("Table"), _("Category"), _("Column"), _("Count")]
    return to_csv(header, _table_rows(tables))


def _table_rows(tables: list[ReportTable]) -> Iterable[list[object]]:
    """Long format: table, category, column, shown count; then the extra columns."""
    for table in tables:
        labels = [*[label for _code, label in table.rows], _("Total")]
        for r, label in enumerate(labels):
            for c, column in enumerate(table.header()):
                yield [table.title, label, column, table.shown(r, c)]
            for name, values in table.extra.items():
                if r < len(values):
                    yield [table.title, label, name, values[r]]


def survivor_code(case_id: uuid.UUID, export: bytes = b"") -> str:
    """A stable pseudonym for a survivor: not her case reference, not reversible without keys.
    Each export has its own (export names it), so two files cannot be joined row by row."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=SURVIVOR_CODE_INFO + export).derive(current_keyring().signing_key)
    digest = hmac.new(key, case_id.bytes, hashlib.sha256).hexdigest()
    return "S-" + digest[:12].upper()


def statistics_consented() -> object:
    """The condition: the survivor's consent to statistics stands."""
    return exists().where(
        Consent.case_id == Case.id, Consent.purpose == "statistics",
        Consent.granted.is_(True), Consent.withdrawn_at.is_(None),
    )


def _victims(report: ReportFilter) -> list:
    """The consenting cases of the report with their survivor and first incident."""
    earlier = aliased(Incident)
    first_incident = (
        select(earlier.id).where(earlier.case_id == Case.id)
        .order_by(earlier.created_at, earlier.id).limit(1)
        .correlate(Case).scalar_subquery()
    )
    query = (
        select(Case.id, Case.created_at, Survivor, Incident)
        .select_from(Case)
        .join(CaseFact, CaseFact.case_id == Case.id)
        .join(Survivor, Survivor.case_id == Case.id)
        .outerjoin(Incident, and_(Incident.case_id == Case.id, Incident.id == first_incident))
        .where(*report.case_conditions(), *report.period_conditions(), statistics_consented())
        .order_by(Case.created_at, Case.id)
    )
    return list(db.session.execute(query))


def _codes_by_incident(incident_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, list[str]]]:
    """The multi-select codes of each incident, by kind."""
    found: dict[uuid.UUID, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for chunk in in_slices(incident_ids):
        query = select(IncidentCategory.incident_id, IncidentCategory.kind, IncidentCategory.code)
        for incident_id, kind, code in db.session.execute(
                query.where(IncidentCategory.incident_id.in_(chunk))):
            found[incident_id][kind].append(code)
    return found


def _services_by_case(case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """The types of service each case received."""
    found: dict[uuid.UUID, list[str]] = defaultdict(list)
    for chunk in in_slices(case_ids):
        query = select(ServiceRecord.case_id, ServiceRecord.service_type).distinct()
        for case_id, service in db.session.execute(query.where(ServiceRecord.case_id.in_(chunk))):
            found[case_id].append(service)
    return found


def _referrals_by_case(case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[tuple[str, str]]]:
    """Each case's referrals as (receiving unit's kind, status), oldest first."""
    found: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
    for chunk in in_slices(case_ids):
        query = (
            select(Referral.case_id, Organisation.kind, Referral.status)
            .join(Organisation, Organisation.id == Referral.to_org_id)
            .where(Referral.case_id.in_(chunk)).order_by(Referral.sent_at)
        )
        for case_id, kind, status in db.session.execute(query):
            found[case_id].append((kind, status))
    return found


def in_list_order(choices: dict, codes: Iterable[str]) -> list[str]:
    """Codes in the order of their category list (unknown ones last), each once."""
    wanted = set(codes)
    return [code for code in choices if code in wanted] + sorted(wanted - set(choices))


def _labels(choices: dict, codes: Iterable[str]) -> str:
    """Several category labels in one cell, in list order, separated by semicolons."""
    return "; ".join(cat.label(choices, code) for code in in_list_order(choices, codes))


GBVIMS_HEADER = [
    "survivor_code", "report_month", "incident_month", "sex", "age_band", "disability",
    "gbv_type", "violence_forms", "incident_place", "perpetrator_count", "perpetrator_sex",
    "perpetrator_age_band", "perpetrator_relationship", "perpetrator_occupation",
    "perpetrator_is_child", "regency_code", "services", "referrals",
]


# k of k-anonymity: no exported row whose region, age band, sex and disability fewer share.
MIN_GROUP = 5


def common_at_regency(victims: list) -> list:
    """The victims whose regency, age band, sex and disability at least MIN_GROUP share."""
    def combination(row) -> tuple:
        s = row.Survivor
        return (s.province_code, s.regency_code, s.age_band, s.sex, s.disability)

    cells = Counter(combination(row) for row in victims)
    return [row for row in victims if cells[combination(row)] >= MIN_GROUP]


def gbvims_csv(report: ReportFilter) -> tuple[str, int]:
    """The GBVIMS-style anonymised incident list: codes only, months not days, and no victim
    whose combination is rare (the rule of the SIMFONI-PPA export, so neither file shows her)."""
    victims = common_at_regency(_victims(report))
    case_ids = [row.id for row in victims]
    codes = _codes_by_incident([row.Incident.id for row in victims if row.Incident])
    services = _services_by_case(case_ids)
    referrals = _referrals_by_case(case_ids)
    perpetrators = perpetrators_for_cases(case_ids)
    rows = [_gbvims_row(row, codes, services, referrals, report.zone,
                        perpetrators.get(row.id, [])) for row in victims]
    return to_csv(GBVIMS_HEADER, rows), len(rows)


def _gbvims_perpetrators(perpetrators: list[PerpetratorFacts]) -> list[object]:
    """GBVIMS's alleged-perpetrator fields: how many, their sex (both when mixed), and the
    primary (first recorded) one's age band, relationship, occupation and whether a child."""
    if not perpetrators:
        return [0, "", "", "", "", ""]
    primary = perpetrators[0]
    sexes = {p.sex for p in perpetrators if p.sex}
    return [len(perpetrators), "both" if len(sexes) > 1 else next(iter(sexes), ""),
            primary.age_band or "", primary.relationship or "", primary.occupation or "",
            "yes" if primary.is_child else "no"]


def _gbvims_row(row, codes, services, referrals, zone: tzinfo,
                perpetrators: list[PerpetratorFacts]) -> list[object]:
    """One incident: who (by band), what, by whom, where (regency), and where she was sent."""
    survivor, incident = row.Survivor, row.Incident
    chosen = codes.get(incident.id, {}) if incident else {}
    incident_month = incident.incident_date.strftime("%Y-%m") if (
        incident and incident.incident_date) else ""
    return [
        survivor_code(row.id, b":gbvims"), row.created_at.astimezone(zone).strftime("%Y-%m"), incident_month,
        survivor.sex or "", survivor.age_band or "", survivor.disability or "",
        incident.gbv_type if incident else "",
        ";".join(in_list_order(cat.VIOLENCE_FORMS, chosen.get("form", []))),
        incident.place if incident else "",
        *_gbvims_perpetrators(perpetrators),
        survivor.regency_code or "", ";".join(in_list_order(cat.SERVICES, services.get(row.id, []))),
        ";".join(f"{kind}:{status}" for kind, status in referrals.get(row.id, [])
                 if status in REFERRAL_STATUSES),
    ]
