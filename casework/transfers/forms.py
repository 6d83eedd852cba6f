"""Forms of the transfer workflow: propose, accept (choosing who takes the case), decline,
withdraw."""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from casework.accounts.models import Organisation, User
from casework.cases import categories as cat
from casework.extensions import db
from casework.referrals.models import URGENCIES
from casework.transfers.models import TRANSFER_REASONS

SHORT_TEXT = 1000


def _by_id(model: type, raw: str | None):
    """The row whose id the form carried, or None for a missing or malformed id."""
    try:
        return db.session.get(model, uuid.UUID(str(raw)))
    except (TypeError, ValueError):
        return None


class ProposeForm(FlaskForm):
    """A transfer proposal: to whom, why, how urgent, a note, and her consent."""

    receiver = SelectField(_l("Transfer to"), validate_choice=False)
    reason = SelectField(_l("Why the case moves"), [InputRequired()])
    urgency = SelectField(_l("Urgency"), [InputRequired()])
    note = TextAreaField(_l("Note for the receiving organisation (optional; shown to it only "
                            "after it accepts)"), [Optional(), Length(max=SHORT_TEXT)])
    consent_given = BooleanField(_l("She agrees that her case is transferred to this "
                                    "organisation"))
    consent_given_by = SelectField(_l("Consent given by"), [InputRequired()])
    guardian_note = TextAreaField(_l("Guardian or supervisor's reason"),
                                  [Optional(), Length(max=2000)])

    def __init__(self, *args, receivers: list[Organisation] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.receiver.choices = [("", "—")] + [
            (str(o.id), f"{o.name} · {o.kind_label} · {o.region_code or '—'}")
            for o in receivers or []]
        self.reason.choices = cat.choice_list(TRANSFER_REASONS)
        self.urgency.choices = cat.choice_list(URGENCIES)
        self.consent_given_by.choices = cat.choice_list(cat.CONSENT_GIVERS)

    def chosen_receiver(self) -> Organisation | None:
        """The organisation chosen (any id: the operation decides whether it may receive)."""
        return _by_id(Organisation, self.receiver.data)

    def consent(self) -> dict:
        """Her consent as the operation expects it."""
        return {"given": self.consent_given.data, "given_by": self.consent_given_by.data,
                "guardian_note": self.guardian_note.data}


class AcceptForm(FlaskForm):
    """Accepting a transfer names the case worker who takes the case."""

    # Nobody chosen is a form error (the page is shown again); an id of someone who may not
    # take the case is the operation's refusal.
    assignee = SelectField(_l("Who takes the case"), [InputRequired()], validate_choice=False)

    def __init__(self, *args, workers: list[User] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assignee.choices = [(str(u.id), u.display_name or u.username)
                                 for u in workers or []]

    def chosen_assignee(self) -> User | None:
        """The person chosen (the operation checks that she may take the case)."""
        return _by_id(User, self.assignee.data)


class DeclineForm(FlaskForm):
    """Declining a transfer needs a reason the sender will read."""

    reason = TextAreaField(_l("Why your organisation declines"),
                           [DataRequired(), Length(max=SHORT_TEXT)])


class WithdrawForm(FlaskForm):
    """The sender withdraws an open proposal (the CSRF token is all it carries)."""
