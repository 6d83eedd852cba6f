"""The report's filters (period, organisation, region), read from the query string and checked."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from flask_babel import gettext as _
from sqlalchemy import select

from casework.accounts.models import SERVICE_UNIT_KINDS, Organisation
from casework.extensions import db
from casework.i18n import FIRST_YEAR, LAST_YEAR
from casework.reports.models import CaseFact

REGION_PATTERN = re.compile(r"\d{2}|\d{4}|\d{6}")
REGION_COLUMNS = {2: CaseFact.province_code, 4: CaseFact.regency_code, 6: CaseFact.district_code}


class FilterError(ValueError):
    """A filter that cannot be used, with the message to show."""


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers: report dates from start to end, these organisations, one region."""

    start: date
    end: date
    organisation_ids: frozenset[uuid.UUID]
    organisation_code: str = ""
    region: str = ""
    zone: tzinfo = UTC
    # The report's organisations that receive referrals (a UPTD PPA, say): what they served
    # under referrals (services given, referrals received) is counted for them too.
    units: frozenset[uuid.UUID] = frozenset()

    @property
    def start_at(self) -> datetime:
        """The first moment of the period, in the deployment's time zone."""
        return datetime.combine(self.start, datetime.min.time(), tzinfo=self.zone)

    @property
    def end_before(self) -> datetime:
        """The first moment after the period, in the deployment's time zone."""
        return datetime.combine(self.end + timedelta(days=1), datetime.min.time(),
                                tzinfo=self.zone)

    def query_args(self) -> dict[str, str]:
        """The filter as query-string arguments, for links to exports."""
        args = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.organisation_code:
            args["org"] = self.organisation_code
        if self.region:
            args["region"] = self.region
        return args

    def case_conditions(self) -> list:
        """Which cases count (report_case_fact holds no duplicates): organisations, region."""
        conditions = [CaseFact.organisation_id.in_(self.organisation_ids)]
        if self.region:
            conditions.append(REGION_COLUMNS[len(self.region)] == self.region)
        return conditions

    def region_condition(self, model) -> list:
        """The region filter on a table carrying province, regency and district codes."""
        if not self.region:
            return []
        column = {2: "province_code", 4: "regency_code", 6: "district_code"}[len(self.region)]
        return [getattr(model, column) == self.region]

    def case_ids(self) -> object:
        """The ids of the report's cases, any period, for services and referrals."""
        return select(CaseFact.case_id).where(*self.case_conditions())

    def period_conditions(self) -> list:
        """Cases reported within the period."""
        return [CaseFact.created_at >= self.start_at, CaseFact.created_at < self.end_before]


def default_period(today: date) -> tuple[date, date]:
    """From the first day of this year to today: what a running annual report covers."""
    return date(today.year, 1, 1), today


def parse_date(raw: str, fallback: date) -> date:
    """A YYYY-MM-DD date, the fallback when empty, FilterError when malformed."""
    if not raw:
        return fallback
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise FilterError(_("Write dates as YYYY-MM-DD, for example 2026-03-31.")) from None


def parse_period(args: dict[str, str], today: date) -> tuple[date, date]:
    """The period asked for; one that ends before it starts is refused."""
    first, last = default_period(today)
    start = parse_date(args.get("start", ""), first)
    end = parse_date(args.get("end", ""), last)
    if end < start:
        raise FilterError(_("The period ends before it starts: choose an end date on or after "
                            "the start date."))
    if start.year < FIRST_YEAR or end.year > LAST_YEAR:
        raise FilterError(_("Choose dates from the year %(first)d to %(last)d.",
                            first=FIRST_YEAR, last=LAST_YEAR))
    return start, end


def parse_organisations(raw: str, scope: set[uuid.UUID]) -> frozenset[uuid.UUID]:
    """One organisation of the supervisor's scope by code, or the whole scope when empty."""
    if not raw:
        return frozenset(scope)
    org_id = db.session.scalar(select(Organisation.id).where(Organisation.code == raw.strip()))
    # An unknown code and another NGO's code get the same answer: nothing leaks.
    if org_id is None or org_id not in scope:
        raise FilterError(_("You can only report on the organisations you supervise."))
    return frozenset({org_id})


def parse_region(raw: str, scope: set[uuid.UUID]) -> str:
    """A province, regency or district code known to the system; villages are too fine."""
    code = raw.strip().replace(".", "")
    if not code:
        return ""
    if not REGION_PATTERN.fullmatch(code) or not region_known(code, scope):
        raise FilterError(_("Region code %(code)s is not known. Use a 2-digit province, "
                            "4-digit regency or 6-digit district code (BPS).", code=code[:13]))
    return code


def region_known(code: str, scope: set[uuid.UUID]) -> bool:
    """Whether an organisation lies in the region, or a case of the scope is recorded there."""
    in_orgs = select(Organisation.id).where(Organisation.region_code.startswith(code)).limit(1)
    if db.session.scalar(in_orgs) is not None:
        return True
    column = REGION_COLUMNS[len(code)]
    in_cases = select(CaseFact.case_id).where(
        column == code, CaseFact.organisation_id.in_(scope)).limit(1)
    return db.session.scalar(in_cases) is not None


def read_filter(args: dict[str, str], scope: set[uuid.UUID], zone: tzinfo) -> ReportFilter:
    """Build the filter from the request's arguments, or raise FilterError with the reason."""
    start, end = parse_period(args, datetime.now(zone).date())
    organisation_ids = parse_organisations(args.get("org", ""), scope)
    region = parse_region(args.get("region", ""), scope)
    return ReportFilter(start, end, organisation_ids, args.get("org", "").strip(), region, zone,
                        receiving_units(organisation_ids))


def receiving_units(organisation_ids: frozenset[uuid.UUID]) -> frozenset[uuid.UUID]:
    """Those of the organisations that are service units (referrals are sent to them)."""
    return frozenset(db.session.scalars(select(Organisation.id).where(
        Organisation.id.in_(organisation_ids), Organisation.kind.in_(SERVICE_UNIT_KINDS))))
