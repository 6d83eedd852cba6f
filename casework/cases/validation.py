"""Checks of Indonesian identifiers and dates, shared by the case forms."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from wtforms import Field, Form, ValidationError

from casework.crypto.blind_index import normalise_nik, normalise_phone
from casework.i18n import local_today
from casework.regions import catalogue as regions

NIK_PATTERN = re.compile(r"^\d{16}$")
PHONE_PATTERN = re.compile(r"^\+62\d{7,12}$")


def nik_problem(value: str) -> str | None:
    """Why a NIK has the wrong shape, or None (digits, day, month, serial)."""
    digits = normalise_nik(value)
    if re.search(r"[^\d\s.\-]", value) or not NIK_PATTERN.match(digits):
        return _("A NIK has exactly 16 digits.")
    day, month = int(digits[6:8]), int(digits[8:10])
    if int(digits[:2]) < 11:
        return _("The first two digits of a NIK are a province code (11 to 96).")
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return _("Digits 7–8 of a NIK are the day of birth (01–31, or 41–71 for women).")
    if not 1 <= month <= 12:
        return _("Digits 9–10 of a NIK are the month of birth (01–12).")
    if digits[12:] == "0000":
        return _("The last four digits of a NIK start from 0001.")
    return None


def validate_nik(_form: Form, field: Field) -> None:
    """WTForms validator: an empty NIK passes, a malformed one is explained."""
    if field.data:
        problem = nik_problem(field.data)
        if problem:
            raise ValidationError(problem)
        field.data = normalise_nik(field.data)


def validate_phone(_form: Form, field: Field) -> None:
    """WTForms validator: accept 08…, 628…, +62 8… and store the +62 form."""
    if not field.data:
        return
    if re.search(r"[^\d\s+().\-]", field.data):
        raise ValidationError(_("A phone number has only digits, spaces, + and -."))
    normalised = normalise_phone(field.data)
    if not PHONE_PATTERN.match(normalised):
        raise ValidationError(_("Enter an Indonesian number such as 0812 3456 7890."))
    field.data = normalised


def validate_past_date(_form: Form, field: Field) -> None:
    """WTForms validator: no date in the future, none before 1900."""
    if field.data and field.data > local_today():
        raise ValidationError(_("This date is in the future."))
    if field.data and field.data.year < 1900:
        raise ValidationError(_("This date is too far in the past."))


def region_validator(length: int, parent_field: str | None = None):
    """WTForms validator for a Kemendagri/BPS region code of a given length under its parent,
    which must be on the region list (casework.regions)."""

    def check(form: Form, field: Field) -> None:
        if not field.data:
            return
        field.data = regions.plain_code(field.data)
        if not re.fullmatch(rf"\d{{{length}}}", field.data):
            raise ValidationError(_("Use the %(n)d-digit BPS code.", n=length))
        parent = form[parent_field].data if parent_field else None
        if parent and not field.data.startswith(parent):
            raise ValidationError(_("This code does not lie within the one above it."))
        if not regions.exists(field.data):
            raise ValidationError(_("There is no region with code %(code)s on the Kemendagri "
                                    "list: check the code.", code=field.data))

    return check


def age_band_for(birth: date, on: date) -> str:
    """The age band of someone born on `birth`, on the day `on`."""
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for upper, band in ((5, "0-5"), (12, "6-12"), (17, "13-17"), (24, "18-24"), (44, "25-44")):
        if age <= upper:
            return band
    return "45-59" if age <= 59 else "60+"
