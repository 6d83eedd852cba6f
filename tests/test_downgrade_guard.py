"""Issue 16, item 7: `casework db downgrade` refuses while going back would drop tables or
columns that hold data (the attachment records, the access log's command-line actors),
names them, changes nothing; --force goes ahead; a step back that drops nothing just runs."""

from __future__ import annotations

import io

from flask_migrate import upgrade
from sqlalchemy import inspect, select, text

from casework.attachments.models import Attachment
from casework.downgrade import Dropped, drops_of
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes
from tests.test_migrations import FIRST, _register, blank_app  # noqa: F401 (a fixture)

HEAD_BEFORE_OS_ACTOR = "f1b39b81996e"
ONE_STEP_BACK = "0cb85de00758"  # the revision before the head


def _migrated_with_data(app) -> str:
    """Head, with a case, an attachment and a command-line audit entry."""
    with app.app_context():
        upgrade()
    reference, _case_id = _register(app)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["org", "create", "sapa", "--name", "Sapa", "--kind", "ngo"]
                         ).exit_code == 0
    from casework.accounts.models import User
    from casework.accounts.sessions import start_session

    client = app.test_client()
    with app.app_context():
        user = db.session.scalar(select(User))
        token = start_session(user, mfa_verified=True)
        db.session.commit()
    client.set_cookie(app.config["AUTH_COOKIE_NAME"], token)
    sent = client.post(f"/cases/{reference}/attachments",
                       data={"file": (io.BytesIO(pdf_bytes()), "visum.pdf")},
                       content_type="multipart/form-data")
    assert sent.status_code == 302
    return reference


def _revision(app) -> str:
    with app.app_context(), db.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_downgrade_that_drops_attachment_records_is_refused(blank_app):  # noqa: F811
    _migrated_with_data(blank_app)
    head = _revision(blank_app)
    result = blank_app.test_cli_runner().invoke(args=["db", "downgrade", FIRST])
    assert result.exit_code != 0
    assert "Refused" in result.output and "table attachment: 1 row(s)" in result.output
    assert "--force" in result.output
    assert _revision(blank_app) == head
    with blank_app.app_context():
        assert db.session.scalar(select(Attachment.id)) is not None


def test_going_back_refused_while_the_log_holds_command_line_actors(blank_app):  # noqa: F811
    _migrated_with_data(blank_app)
    result = blank_app.test_cli_runner().invoke(args=["db", "downgrade", HEAD_BEFORE_OS_ACTOR])
    assert result.exit_code != 0 and "column audit_entry.os_actor" in result.output


def test_force_goes_back(blank_app):  # noqa: F811
    _migrated_with_data(blank_app)
    result = blank_app.test_cli_runner().invoke(args=["db", "downgrade", "--force",
                                                      HEAD_BEFORE_OS_ACTOR])
    assert result.exit_code == 0, result.output
    assert _revision(blank_app) == HEAD_BEFORE_OS_ACTOR
    with blank_app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("audit_entry")}
    assert "os_actor" not in columns


def test_a_step_back_that_loses_nothing_runs(blank_app):  # noqa: F811
    with blank_app.app_context():
        upgrade()
    result = blank_app.test_cli_runner().invoke(args=["db", "downgrade"])
    assert result.exit_code == 0, result.output
    assert _revision(blank_app) == ONE_STEP_BACK


def test_drops_are_read_from_the_migrations():
    """Each way a migration drops something is recognised."""

    op = None  # the function below is only read, never run

    def downgrade():
        with op.batch_alter_table("user_account") as batch:
            batch.drop_column("email")
        op.drop_column("case_file", "staffed")
        op.drop_table("attachment")
        op.execute("ALTER TABLE audit_entry DROP COLUMN os_actor")

    assert set(drops_of(downgrade)) == {
        Dropped("user_account", "email"), Dropped("case_file", "staffed"),
        Dropped("attachment"), Dropped("audit_entry", "os_actor")}
