"""The legal process in the statistics: how many of the report's cases reached each step."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select

from casework.extensions import db
from casework.legal.models import LegalStep
from casework.reports.filters import ReportFilter
from casework.reports.models import CaseFact
from casework.reports.tables import Counts


def _reached(condition: ColumnElement) -> ColumnElement:
    """Whether the case holds a step matching the condition."""
    return exists().where(LegalStep.case_id == CaseFact.case_id, condition)


def milestone_conditions() -> dict[str, ColumnElement]:
    """Each statistics row and the steps that count for it."""
    return {
        "reported": LegalStep.kind == "police_report",
        "trial": LegalStep.kind.in_(("trial", "verdict", "appeal")),
        "restitution": or_(and_(LegalStep.kind == "restitution_decided",
                                LegalStep.decision == "granted"),
                           LegalStep.kind == "restitution_paid"),
        "protection": LegalStep.kind == "protection_order_granted",
    }


def legal_counts(report: ReportFilter) -> Counts:
    """The report's cases that reached each milestone, by sex (a case counts in every row it
    reached), from one pass over the cases."""
    milestones = milestone_conditions()
    sums = [func.sum(case((_reached(condition), 1), else_=0))
            for condition in milestones.values()]
    query = (select(CaseFact.sex, *sums).select_from(CaseFact)
             .where(*report.case_conditions(), *report.period_conditions())
             .group_by(CaseFact.sex))
    counts: Counts = {}
    for sex, *values in db.session.execute(query):
        for code, value in zip(milestones, values, strict=True):
            counts[(code, sex)] = int(value or 0)
    return counts
