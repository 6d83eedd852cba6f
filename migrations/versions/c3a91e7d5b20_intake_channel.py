"""How a case came in (walk-in, hotline, outreach, referral, police, health, other): a plain
column on the case and on its statistics row, with the statistics row's index in GROUP BY order

Existing cases get NULL ("not recorded"), not 'other': how they came in was never asked, and
'other' would count them in the report as a known channel. The edit form lets staff fill it in.
The statistics rows of existing cases are NULL too, the same as their cases, so no rebuild.
No staffed flag changes: before this revision service staff could not be assigned to cases.

Revision ID: c3a91e7d5b20
Revises: 64054b5c748c
Create Date: 2026-12-03 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a91e7d5b20'
down_revision = '64054b5c748c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('intake_channel', sa.String(length=16), nullable=True))

    with op.batch_alter_table('report_case_fact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('intake_channel', sa.String(length=16), nullable=True))
        batch_op.create_index('ix_report_case_fact_by_intake_channel',
                              ['intake_channel', 'sex', 'organisation_id', 'created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('report_case_fact', schema=None) as batch_op:
        batch_op.drop_index('ix_report_case_fact_by_intake_channel')
        batch_op.drop_column('intake_channel')

    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_column('intake_channel')
