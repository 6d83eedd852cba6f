"""Attachment files take part in rotation: counted, re-encrypted, readable with the old key gone."""

from __future__ import annotations

import io
import re
from pathlib import Path

from casework.crypto import rotation
from casework.crypto.keyring import Keyring, install_keyring
from tests.attachments.conftest import pdf_bytes, png_bytes


def test_files_are_reencrypted_and_old_ones_destroyed(app, ring, runner, client, login,
                                                      make_user, make_case):
    """After rotate, reencrypt and retire, every file downloads and no old file is left."""
    user = make_user("paralegal")
    case = make_case(user)
    login(client, user)
    links = []
    for data, name in ((pdf_bytes(), "a.pdf"), (png_bytes(), "b.png")):
        page = client.post(f"/cases/{case.reference}/attachments",
                           data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data", follow_redirects=True)
        links += re.findall(rb'href="(/attachments/[0-9a-f-]{36})"', page.data)
    folder = Path(app.config["ATTACHMENTS_PATH"])
    before = {p.name for p in folder.iterdir()}
    old = ring.primary
    runner.invoke(args=["keys", "rotate"])
    with app.app_context():
        assert rotation.data_key_usage(ring)[old] >= 2
    assert runner.invoke(args=["keys", "reencrypt", "--batch-size", "1"]).exit_code == 0
    after = {p.name for p in folder.iterdir()}
    assert len(after) == 2 and not (after & before)
    assert runner.invoke(args=["keys", "retire", old]).exit_code == 0
    install_keyring(app, Keyring.load(app.config["KEYS_FILE"]))
    bodies = {client.get(link.decode()).data for link in set(links)}
    assert bodies == {pdf_bytes(), png_bytes()}
