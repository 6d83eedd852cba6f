"""The SIMFONI-PPA export: one row per victim in the input form's fields, unable to single
her out.

SIMFONI-PPA's input form asks about the victim, the incident, the perpetrators and the
services. A row with an exact date, a district and a disability can point to one woman in a
small village, so this export publishes the month only, the district only where at least
MIN_GROUP victims of the export share it (else the regency), and no row whose combination of
region, age band, sex and disability fewer than MIN_GROUP victims of the export share. A note
at the top says what was coarsened and how many rows were left out.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import tzinfo

from flask_babel import force_locale
from flask_babel import gettext as _

from casework.accounts.models import ORGANISATION_KINDS
from casework.cases import categories as cat
from casework.perpetrators.summary import PerpetratorFacts, perpetrators_for_cases
from casework.regions import catalogue as regions
from casework.reports.exports import (
    MIN_GROUP,
    _codes_by_incident,
    _labels,
    _referrals_by_case,
    _services_by_case,
    _victims,
    survivor_code,
    to_csv,
)
from casework.reports.filters import ReportFilter

SIMFONI_HEADER = [
    # The fields of SIMFONI-PPA's input form, as the ministry names them: victim, incident,
    # perpetrators, services.
    "No", "Kode Korban", "Bulan Pelaporan", "Bulan Kejadian",
    "Kode Provinsi", "Provinsi", "Kode Kabupaten/Kota", "Kabupaten/Kota",
    "Kode Kecamatan", "Kecamatan",
    "Jenis Kelamin Korban", "Kelompok Umur Korban", "Disabilitas Korban", "Pendidikan Korban",
    "Pekerjaan Korban", "Status Perkawinan Korban",
    "Bentuk Kekerasan", "Tindak Pidana Kekerasan Seksual (UU TPKS)", "Tempat Kejadian",
    "Jumlah Pelaku", "Hubungan Pelaku dengan Korban", "Jenis Kelamin Pelaku",
    "Kelompok Umur Pelaku", "Pendidikan Pelaku", "Pekerjaan Pelaku", "Pelaku Anak",
    "Layanan yang Diterima", "Dirujuk ke",
]


def perpetrators_of(victims: list) -> dict[uuid.UUID, list[PerpetratorFacts]]:
    """Each published victim's perpetrators as plain categories, the primary first."""
    return perpetrators_for_cases([row.id for row in victims])


@dataclass(frozen=True)
class Coarsened:
    """Which victims are published, with or without their district, and what was done."""

    shown: list  # the victims' rows that are published, in order
    with_district: set[uuid.UUID]
    regency_only: int  # victims with a district recorded but published at the regency
    left_out: int  # victims whose combination was too rare to publish


def _cell(survivor, district: str | None) -> tuple:
    """The combination a row publishes: region, age band, sex, disability."""
    return (survivor.province_code, survivor.regency_code, district,
            survivor.age_band, survivor.sex, survivor.disability)


def coarsen(victims: list) -> Coarsened:
    """Keep a victim's district only where MIN_GROUP victims share it and her combination;
    leave out any victim whose combination at the regency fewer than MIN_GROUP share."""
    districts = Counter(row.Survivor.district_code for row in victims)
    district = {row.id: row.Survivor.district_code for row in victims
                if row.Survivor.district_code and districts[row.Survivor.district_code] >= MIN_GROUP}
    fine = Counter(_cell(row.Survivor, district.get(row.id)) for row in victims)
    # A combination rare at the district may still be common at the regency: try it there.
    # Rows that move are whole cells, so no cell left at the district drops under MIN_GROUP.
    for row in victims:
        if row.id in district and fine[_cell(row.Survivor, district[row.id])] < MIN_GROUP:
            del district[row.id]
    cells = Counter(_cell(row.Survivor, district.get(row.id)) for row in victims)
    shown = [row for row in victims if cells[_cell(row.Survivor, district.get(row.id))] >= MIN_GROUP]
    regency_only = sum(1 for row in shown if row.Survivor.district_code and row.id not in district)
    return Coarsened(shown, set(district), regency_only, len(victims) - len(shown))


def notes(result: Coarsened) -> list[str]:
    """The lines at the top of the export saying what was coarsened and left out."""
    return [
        _("SIMFONI-PPA export. Only survivors who agreed to be counted are included."),
        _("Dates are given as the month only (YYYY-MM)."),
        _("The district is given only where at least %(k)d victims of this export share it and "
          "their region, age band, sex and disability; %(n)d victims are given at the "
          "regency/city only.", k=MIN_GROUP, n=result.regency_only),
        _("%(n)d victims are left out: fewer than %(k)d victims of this export share their "
          "combination of region, age band, sex and disability.", n=result.left_out, k=MIN_GROUP),
    ]


def simfoni_csv(report: ReportFilter) -> tuple[str, int]:
    """The export's CSV text (notes, blank line, header, rows) and the number of rows."""
    victims = _victims(report)
    result = coarsen(victims)
    case_ids = [row.id for row in result.shown]
    codes = _codes_by_incident([row.Incident.id for row in result.shown if row.Incident])
    services = _services_by_case(case_ids)
    referrals = _referrals_by_case(case_ids)
    perpetrators = perpetrators_of(result.shown)
    with force_locale("id"):
        rows = [_row(number, row, row.id in result.with_district, codes, services, referrals,
                     perpetrators.get(row.id, []), report.zone)
                for number, row in enumerate(result.shown, start=1)]
        top = [[f"{_('Note')}: {line}"] for line in notes(result)]
    csv_text = to_csv(SIMFONI_HEADER, rows)
    note_text = to_csv(top[0], [*top[1:], []]).lstrip("\ufeff")
    return "\ufeff" + note_text + csv_text.lstrip("\ufeff"), len(rows)


def _month(value) -> str:
    """A date or time as its month, YYYY-MM."""
    return value.strftime("%Y-%m") if value else ""


def _each(choices: dict, values: list[str | None]) -> str:
    """One label per perpetrator, in the order recorded, separated by semicolons."""
    return "; ".join(cat.label(choices, value) or "-" for value in values)


def _row(number: int, row, with_district: bool, codes, services, referrals,
         perpetrators: list[PerpetratorFacts], zone: tzinfo) -> list[object]:
    """The form's fields for one victim."""
    survivor, incident = row.Survivor, row.Incident
    chosen = codes.get(incident.id, {}) if incident else {}
    district = survivor.district_code if with_district else None
    return [
        number, survivor_code(row.id), _month(row.created_at.astimezone(zone)),
        _month(incident.incident_date if incident else None),
        survivor.province_code or "", regions.name_of(survivor.province_code),
        survivor.regency_code or "", regions.name_of(survivor.regency_code),
        district or "", regions.name_of(district),
        cat.label(cat.SEXES, survivor.sex), cat.label(cat.AGE_BANDS, survivor.age_band),
        cat.label(cat.DISABILITIES, survivor.disability),
        cat.label(cat.EDUCATION, survivor.education),
        cat.label(cat.OCCUPATIONS, survivor.occupation),
        cat.label(cat.MARITAL_STATUSES, survivor.marital_status),
        _labels(cat.VIOLENCE_FORMS, chosen.get("form", [])),
        _labels(cat.TPKS_CRIMES, chosen.get("tpks", [])),
        cat.label(cat.PLACES, incident.place if incident else None),
        len(perpetrators) or "",
        _each(cat.RELATIONSHIPS, [p.relationship for p in perpetrators]),
        _each(cat.SEXES, [p.sex for p in perpetrators]),
        _each(cat.AGE_BANDS, [p.age_band for p in perpetrators]),
        _each(cat.EDUCATION, [p.education for p in perpetrators]),
        _each(cat.OCCUPATIONS, [p.occupation for p in perpetrators]),
        "; ".join("-" if p.is_child is None else ("Ya" if p.is_child else "Tidak")
                  for p in perpetrators),
        _labels(cat.SERVICES, services.get(row.id, [])),
        _labels(ORGANISATION_KINDS, [kind for kind, _status in referrals.get(row.id, [])]),
    ]
