"""Survivor: the desa/kelurahan code (10 digits, Kemendagri), for the village data pilah

Revision ID: e4b7d1a90c52
Revises: 16b60847099c
Create Date: 2026-12-03 19:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b7d1a90c52'
down_revision = '16b60847099c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survivor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('village_code', sa.String(length=10), nullable=True))
        batch_op.create_index(batch_op.f('ix_survivor_village_code'), ['village_code'], unique=False)


def downgrade():
    with op.batch_alter_table('survivor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survivor_village_code'))
        batch_op.drop_column('village_code')
