"""Village data pilah: a desa/kelurahan's (or a district's) survivors for planning.

For a village planning meeting (musrenbang desa) a village asks the organisations that serve
it for disaggregated figures: survivors by form of violence, sex, age band, disability and
occupation, the services given and how referrals ended. Only a supervisor of an organisation
with cases in the village may produce them; they count that supervisor's organisations' cases
there, and every count is suppressed as in the statistics' exports (the page is printed and
leaves the organisation).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from casework.accounts.models import ORGANISATION_KINDS, Organisation
from casework.cases import categories as cat
from casework.cases.models import Case, Incident, IncidentCategory, ServiceRecord, Survivor
from casework.database import in_slices
from casework.extensions import db
from casework.referrals.models import REFERRAL_STATUSES, Referral
from casework.regions import catalogue as regions
from casework.reports.filters import FilterError, parse_period
from casework.reports.report import small_cell_threshold
from casework.reports.tables import ReportTable, build_table, suppress_alike

VILLAGE, DISTRICT = 10, 6


@dataclass(frozen=True)
class VillageFilter:
    """The place (a village or a district on the region list), the period, and the
    organisations whose cases there are counted."""

    region: regions.Region
    start: date
    end: date
    organisation_ids: frozenset[uuid.UUID]
    zone: tzinfo

    def query_args(self) -> dict[str, str]:
        """The filter as query-string arguments, for the CSV link."""
        return {"region": self.region.code, "start": self.start.isoformat(),
                "end": self.end.isoformat()}


def place_title(region: regions.Region) -> str:
    """"Desa Cinunuk, Kecamatan Cileunyi, Kabupaten Bandung, Jawa Barat"."""
    parts = []
    for level in reversed(regions.lineage(region.code)):
        if level.level == "village":
            # BPS: the first digit of a village's own four is 1 for a kelurahan, 2 for a desa.
            parts.append(_("Kelurahan %(name)s", name=level.name) if level.code[6] == "1"
                         else _("Desa %(name)s", name=level.name))
        elif level.level == "district":
            parts.append(_("Kecamatan %(name)s", name=level.name))
        else:
            parts.append(level.name)
    return ", ".join(parts)


def title(village: VillageFilter) -> str:
    """The heading a village planning meeting expects, place and period in it."""
    return _("Disaggregated data on violence against women and children — %(place)s, "
             "period %(start)s to %(end)s", place=place_title(village.region),
             start=format_date(village.start, "long"), end=format_date(village.end, "long"))


def _column(code: str):
    """The survivor's column the code is compared with."""
    return Survivor.village_code if len(code) == VILLAGE else Survivor.district_code


def serving_organisations(code: str, scope: set[uuid.UUID]) -> frozenset[uuid.UUID]:
    """Those of the supervisor's organisations that hold cases of survivors in the place."""
    query = (select(Case.organisation_id).distinct()
             .join(Survivor, Survivor.case_id == Case.id)
             .where(_column(code) == code, Case.organisation_id.in_(scope),
                    Case.status != "duplicate"))
    return frozenset(db.session.scalars(query))


def served_villages(scope: set[uuid.UUID]) -> list[regions.Region]:
    """The villages where the supervisor's organisations have cases, by district and name."""
    query = (select(Survivor.village_code).distinct()
             .join(Case, Case.id == Survivor.case_id)
             .where(Case.organisation_id.in_(scope), Survivor.village_code.is_not(None),
                    Case.status != "duplicate"))
    found = [regions.find(code) for code in db.session.scalars(query)]
    return sorted((region for region in found if region),
                  key=lambda region: (region.parent_code, region.name))


def read_village_filter(args, scope: set[uuid.UUID], zone: tzinfo) -> VillageFilter:
    """The place and period asked for, or FilterError with what to correct."""
    code = regions.plain_code(args.get("region", ""))
    if not code:
        raise FilterError(_("Enter the code of a village (desa/kelurahan, 10 digits) or of a "
                            "district (kecamatan, 6 digits)."))
    if not code.isdigit() or len(code) not in (VILLAGE, DISTRICT):
        raise FilterError(_("Use a 10-digit village code or a 6-digit district code, for "
                            "example 32.04.05.2004."))
    region = regions.find(code)
    if region is None:
        raise FilterError(_("There is no village or district with code %(code)s on the "
                            "Kemendagri list: check the code.", code=code))
    if not args.get("start", "").strip() or not args.get("end", "").strip():
        raise FilterError(_("Choose the period: a start date and an end date."))
    start, end = parse_period(args, datetime.now(zone).date())
    served = serving_organisations(code, scope)
    if not served:
        raise FilterError(_("None of your organisations has cases in %(place)s, so you cannot "
                            "produce its data.", place=place_title(region)))
    return VillageFilter(region, start, end, served, zone)


def _case_rows(village: VillageFilter) -> list:
    """The place's cases reported in the period, with the survivor's categories."""
    start_at = datetime.combine(village.start, datetime.min.time(), tzinfo=village.zone)
    end_before = datetime.combine(village.end + timedelta(days=1), datetime.min.time(),
                                  tzinfo=village.zone)
    query = (select(Case.id, Survivor.sex, Survivor.age_band, Survivor.disability,
                    Survivor.occupation)
             .join(Survivor, Survivor.case_id == Case.id)
             .where(_column(village.region.code) == village.region.code,
                    Case.organisation_id.in_(village.organisation_ids),
                    Case.status != "duplicate",
                    Case.created_at >= start_at, Case.created_at < end_before))
    return list(db.session.execute(query))


def _by_case(query_for, case_ids: list[uuid.UUID]) -> list:
    """Rows of a per-case query, read in slices of ids."""
    found = []
    for chunk in in_slices(case_ids):
        found.extend(db.session.execute(query_for(chunk)))
    return found


def village_tables(village: VillageFilter) -> list[ReportTable]:
    """Every table of the page, suppressed (the page is printed for the village)."""
    cases = _case_rows(village)
    sex_of = {row.id: row.sex for row in cases}
    ids = list(sex_of)
    threshold = small_cell_threshold()

    def by_sex(attribute: str) -> Counter:
        return Counter((getattr(row, attribute), row.sex) for row in cases)

    forms = _by_case(lambda chunk: select(Incident.case_id, IncidentCategory.code).distinct()
                     .join(Incident, Incident.id == IncidentCategory.incident_id)
                     .where(Incident.case_id.in_(chunk), IncidentCategory.kind == "form"), ids)
    survivors = [
        build_table("sex", _("Survivors by sex"),
                    Counter((row.sex, "all") for row in cases), cat.SEXES,
                    {"all": _("Survivors")}, threshold, False),
        build_table("forms", _("Form of violence"),
                    Counter((code, sex_of[case_id]) for case_id, code in forms),
                    cat.VIOLENCE_FORMS, cat.SEXES, threshold, False,
                    note=_("A survivor may count under several forms, so the totals count "
                           "mentions.")),
        build_table("age_band", _("Age at report"), by_sex("age_band"), cat.AGE_BANDS,
                    cat.SEXES, threshold, False),
        build_table("disability", _("Disability"), by_sex("disability"), cat.DISABILITIES,
                    cat.SEXES, threshold, False),
        build_table("occupation", _("Occupation"), by_sex("occupation"), cat.OCCUPATIONS,
                    cat.SEXES, threshold, False),
    ]
    suppress_alike(survivors)
    return [*survivors, _services_table(ids, threshold), _referrals_table(ids, threshold)]


def _services_table(ids: list[uuid.UUID], threshold: int) -> ReportTable:
    """Services given to these survivors, by type and outcome."""
    rows = _by_case(lambda chunk: select(ServiceRecord.service_type, ServiceRecord.outcome)
                    .where(ServiceRecord.case_id.in_(chunk)), ids)
    return build_table("services", _("Services given, by type and outcome"), Counter(rows),
                       cat.SERVICES, cat.SERVICE_OUTCOMES, threshold, True)


def _referrals_table(ids: list[uuid.UUID], threshold: int) -> ReportTable:
    """Their referrals, by the kind of unit they went to and how they ended (or stand)."""
    rows = _by_case(lambda chunk: select(Organisation.kind, Referral.status)
                    .join(Organisation, Organisation.id == Referral.to_org_id)
                    .where(Referral.case_id.in_(chunk)), ids)
    return build_table("referrals", _("Referral outcomes, by kind of unit referred to"),
                       Counter(rows), ORGANISATION_KINDS, REFERRAL_STATUSES, threshold, True,
                       all_rows=False)


def organisation_names(village: VillageFilter) -> list[str]:
    """The names of the organisations whose cases are counted (public information)."""
    query = select(Organisation.name).where(Organisation.id.in_(village.organisation_ids))
    return sorted(db.session.scalars(query))


