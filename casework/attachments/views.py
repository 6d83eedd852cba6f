"""Attachments on the case page: upload, list, download (as a file, never cached), delete."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from casework.accounts.access import CASE_ROLES, current_staff, roles
from casework.attachments.access import load_attachment
from casework.attachments.errors import (
    AttachmentRefused,
    EmptyFile,
    NotAllowedType,
    NotWhatItClaims,
    TooLarge,
)
from casework.attachments.filetypes import EXTENSIONS
from casework.attachments.forms import UploadForm
from casework.attachments.operations import (
    case_attachments,
    delete_attachment,
    read_attachment,
    read_upload,
    save_attachment,
)
from casework.audit.operations import record
from casework.cases.access import load_case
from casework.cases.errors import CaseClosed
from casework.cases.panels import add_case_panel
from casework.extensions import db
from casework.pagination import paginate

bp = Blueprint("attachments", __name__, url_prefix="", template_folder="templates")
PANEL_SIZE = 10
TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def _panel_context(case) -> dict:
    """The newest attachments of the case and the upload form."""
    latest = list(db.session.scalars(case_attachments(case.id).limit(PANEL_SIZE + 1)))
    return {"attachments": latest[:PANEL_SIZE], "more": len(latest) > PANEL_SIZE,
            "form": UploadForm(), "type_names": TYPE_NAMES}


add_case_panel("attachments/_panel.html", order=60, context=_panel_context)


def _refusal_message(exc: AttachmentRefused) -> str:
    """What to tell the user about a refused file."""
    from flask import current_app

    if isinstance(exc, TooLarge):
        limit = current_app.config["ATTACHMENT_MAX_BYTES"] // (1024 * 1024)
        return _("The file is larger than %(n)d MB. Scan it at a lower resolution, or split it.",
                 n=limit)
    if isinstance(exc, NotWhatItClaims):
        return _("This file says it is a %(kind)s but its content is not one (or it is cut "
                 "short). Nothing was saved.", kind=TYPE_NAMES.get(exc.claimed, exc.claimed))
    if isinstance(exc, EmptyFile):
        return _("The file is empty.")
    if isinstance(exc, NotAllowedType):
        return _("Only PDF, JPEG and PNG files can be attached.")
    return _("The file could not be attached.")


@bp.post("/cases/<reference>/attachments")
@roles(*CASE_ROLES)
def upload(reference: str):
    """Attach a file to the case, checked by content and encrypted before it is stored."""
    case = load_case(reference, need="edit")
    back = url_for("cases.show", reference=reference, _anchor="attachments")
    try:
        form = UploadForm()
        if not form.validate_on_submit():
            flash(_("Choose a file to attach."), "error")
            return redirect(back)
        upload_file = form.file.data
        data = read_upload(upload_file.stream)
        save_attachment(case, upload_file.filename or "", upload_file.mimetype, data,
                        current_staff())
    except RequestEntityTooLarge:
        raise
    except AttachmentRefused as exc:
        record("create", object_type="attachment", case_ref=case.reference, outcome="refused")
        flash(_refusal_message(exc), "error")
        return redirect(back)
    except CaseClosed:
        flash(_("This case is closed; files cannot be added."), "error")
        return redirect(back)
    flash(_("File attached."), "success")
    return redirect(back)


@bp.get("/cases/<reference>/attachments")
@roles(*CASE_ROLES)
def index(reference: str):
    """Every attachment of the case, a page at a time."""
    case = load_case(reference, need="view")
    page = paginate(case_attachments(case.id))
    record("list", object_type="attachment", object_id=case.id, case_ref=case.reference)
    return render_template("attachments/index.html", case=case, page=page, type_names=TYPE_NAMES)


@bp.get("/attachments/<uuid:attachment_id>")
@roles("paralegal", "supervisor", "service_staff")
def download(attachment_id: uuid.UUID):
    """The file, decrypted, as a download that no browser or proxy keeps."""
    attachment = load_attachment(attachment_id)
    data = read_attachment(attachment)
    record("download", object_type="attachment", object_id=attachment.id,
           case_ref=attachment.case.reference)
    response = Response(data, mimetype=attachment.content_type)
    name = f"{attachment.case.reference}-{str(attachment.id)[:8]}.{EXTENSIONS[attachment.content_type]}"
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/attachments/<uuid:attachment_id>/delete")
@roles(*CASE_ROLES)
def delete(attachment_id: uuid.UUID):
    """Remove a mistaken upload: the file is destroyed, the removal audited."""
    attachment = load_attachment(attachment_id, need="edit")
    case = attachment.case
    try:
        delete_attachment(attachment, case)
    except CaseClosed:
        flash(_("This case is closed; its files stay."), "error")
    else:
        flash(_("File removed."), "success")
    return redirect(url_for("cases.show", reference=case.reference, _anchor="attachments"))


