"""The operating-system user and host that ran a command, on the access-log entries the
command line writes (issue 16, item 8): a command's entries no longer have no actor

Revision ID: 5e0c7a1d9b42
Revises: f1b39b81996e
Create Date: 2026-12-03 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e0c7a1d9b42'
down_revision = 'f1b39b81996e'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, never batch mode: rebuilding the table on SQLite would drop its
    # append-only triggers, and the nullable column needs no rebuild on either database.
    op.add_column('audit_entry', sa.Column('os_actor', sa.String(length=128), nullable=True))


def downgrade():
    # SQLite (3.35+) and PostgreSQL both drop a column in place, keeping the triggers; the
    # entries that carried an operating-system actor no longer verify afterwards, which is
    # why `casework db downgrade` refuses this step while such entries exist (unless --force).
    op.execute('ALTER TABLE audit_entry DROP COLUMN os_actor')
