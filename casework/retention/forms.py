"""The purge form: a reason, and the case reference typed again to confirm."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, ValidationError

REASON_LABELS = {
    "survivor_request": _l("The survivor asked for her data to be deleted"),
    "retention_reached": _l("The retention period has passed"),
    "duplicate_record": _l("A duplicate record of another case"),
}


class PurgeForm(FlaskForm):
    """Why the case is purged, and the reference typed again so it is not done by mistake."""

    reason = SelectField(_l("Reason"))
    confirm = StringField(_l("Type the case reference to confirm"), [DataRequired()])

    def __init__(self, reference: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reference = reference
        self.reason.choices = [("", "—"), *((k, str(v)) for k, v in REASON_LABELS.items())]

    def validate_reason(self, field) -> None:
        """A reason must be chosen."""
        if field.data not in REASON_LABELS:
            raise ValidationError(_("Choose a reason."))

    def validate_confirm(self, field) -> None:
        """The typed reference must be this case's."""
        if (field.data or "").strip().upper() != self.reference:
            raise ValidationError(_("This is not the reference of this case."))
