"""Demo data of the legal domain: a legal aid organisation, and the legal process of the
invented cases (a police report, a trial, a verdict, restitution, a protection order in force)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from casework.accounts.models import User
from casework.accounts.operations import create_organisation, find_organisation
from casework.cases.models import Case
from casework.i18n import local_today
from casework.legal.operations import add_step

LBH = ("lbh-bdg", "LBH APIK Jawa Barat (contoh)", "legal_aid", None, "3204")


def _steps() -> list[list[tuple[str, int, dict[str, Any]]]]:
    """Each demo case's steps as (kind, days ago, fields), dated from today so that the
    protection order is in force whenever the demo is seeded."""
    today = local_today()
    return [
        [("police_report", 60, {"report_number": "LP/B/1021/X/2026/SPKT (contoh)",
                                "police_unit": "Unit PPA Satreskrim Polres Bandung",
                                "accompany": "bale-istri"}),
         ("protection_order_requested", 58, {"accompany": "bale-istri"}),
         ("legal_aid", 57, {"provider": "lbh-bdg"}),
         ("investigation", 50, {"accompany": "lbh-bdg"}),
         ("protection_order_granted", 45, {
             "ordered_by": "court", "starts_on": today - timedelta(days=45),
             "ends_on": today + timedelta(days=135),
             "restrictions": "Dilarang mendekati korban dan rumah kakaknya dalam jarak 100 meter; "
                             "dilarang menghubungi korban lewat telepon atau media sosial."})],
        [("police_report", 40, {"report_number": "LP/B/1187/XI/2026/SPKT (contoh)",
                                "police_unit": "Unit PPA Satreskrim Polres Bandung",
                                "accompanied_by": "Ibu kandung dan pendamping Bale Remaja"}),
         ("lpsk_requested", 38, {"accompany": "bale-istri"}),
         ("lpsk_granted", 20, {}),
         ("restitution_requested", 18, {"amount": 25_000_000, "accompany": "lbh-bdg"}),
         ("p21", 15, {}),
         ("trial", 5, {"accompany": "lbh-bdg"})],
        [("police_report", 150, {"report_number": "LP/B/802/VII/2026/SPKT (contoh)",
                                 "police_unit": "Unit PPA Satreskrim Polres Bandung",
                                 "accompany": "uptd-ppa-bdg"}),
         ("investigation", 130, {}),
         ("p21", 100, {}),
         ("trial", 75, {"accompany": "uptd-ppa-bdg"}),
         ("verdict", 40, {"sentence": "Pidana penjara 4 tahun dan denda (contoh)"}),
         ("restitution_decided", 40, {"decision": "granted", "amount": 15_000_000}),
         ("restitution_paid", 10, {"amount": 15_000_000, "accompany": "uptd-ppa-bdg"})],
    ]


def _data(fields: dict[str, Any], on) -> dict[str, Any]:
    """The operation's data: organisations found by their demo code."""
    data = {key: value for key, value in fields.items() if key not in ("accompany", "provider")}
    data["step_on"] = on
    if "accompany" in fields:
        org = find_organisation(fields["accompany"])
        data["accompanied_by_org_id"] = org.id if org else None
    if "provider" in fields:
        org = find_organisation(fields["provider"])
        data["provider_org_id"] = org.id if org else None
    return data


def seed_demo_legal(cases: list[Case], paralegal: User) -> None:
    """The legal aid organisation, and the legal steps of the first demo cases."""
    if find_organisation(LBH[0]) is None:
        code, name, kind, _parent, region = LBH
        create_organisation(code, name, kind, None, region)
    today = local_today()
    for case, steps in zip(cases, _steps(), strict=False):
        for kind, ago, fields in steps:
            add_step(case, kind, _data(fields, today - timedelta(days=ago)), paralegal)
