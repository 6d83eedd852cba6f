"""Login throttle per user name and source address: an outsider who knows a name can lock it
for her own address only, never for the real user's (issue 16)

The throttle rows are short-lived counters (failures within the last hour, locks of an hour),
so they are emptied rather than carried over: no address was recorded for them. Accounts
locked at the moment of the upgrade are therefore released; user_account.locked_until, which
the admin screens read, is cleared with them so the two never disagree.

Revision ID: e5a1c0d4b9f2
Revises: 0cb85de00758
Create Date: 2026-12-03 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a1c0d4b9f2'
down_revision = '0cb85de00758'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM login_throttle")
    op.execute("UPDATE user_account SET locked_until = NULL")
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_hash', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.drop_constraint('uq_login_throttle_name_hash', type_='unique')
        batch_op.create_index(batch_op.f('ix_login_throttle_name_hash'), ['name_hash'], unique=False)
        batch_op.create_unique_constraint('uq_login_throttle_name_source',
                                          ['name_hash', 'source_hash'])
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.alter_column('source_hash', server_default=None)


def downgrade():
    op.execute("DELETE FROM login_throttle")
    op.execute("UPDATE user_account SET locked_until = NULL")
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_constraint('uq_login_throttle_name_source', type_='unique')
        batch_op.drop_index(batch_op.f('ix_login_throttle_name_hash'))
        batch_op.create_unique_constraint('uq_login_throttle_name_hash', ['name_hash'])
        batch_op.drop_column('source_hash')
