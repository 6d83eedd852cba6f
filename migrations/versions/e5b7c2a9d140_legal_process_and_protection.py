"""The legal process and protection of a case: legal steps (police report to appeal,
restitution, protection orders, LPSK, legal aid)

Revision ID: e5b7c2a9d140
Revises: c8df4698f06f
Create Date: 2026-12-03 19:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b7c2a9d140'
down_revision = 'c8df4698f06f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legal_step',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('step_on', sa.Date(), nullable=False),
    sa.Column('accompanied_by_org_id', sa.Uuid(), nullable=True),
    sa.Column('decision', sa.String(length=12), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('ordered_by', sa.String(length=8), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('provider_org_id', sa.Uuid(), nullable=True),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('accompanied_by_enc', sa.LargeBinary(), nullable=True),
    sa.Column('report_number_enc', sa.LargeBinary(), nullable=True),
    sa.Column('police_unit_enc', sa.LargeBinary(), nullable=True),
    sa.Column('sentence_enc', sa.LargeBinary(), nullable=True),
    sa.Column('restrictions_enc', sa.LargeBinary(), nullable=True),
    sa.Column('provider_name_enc', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['accompanied_by_org_id'], ['organisation.id'], name=op.f('fk_legal_step_accompanied_by_org_id_organisation')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_legal_step_case_id_case_file')),
    sa.ForeignKeyConstraint(['provider_org_id'], ['organisation.id'], name=op.f('fk_legal_step_provider_org_id_organisation')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_legal_step_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_step'))
    )
    with op.batch_alter_table('legal_step', schema=None) as batch_op:
        batch_op.create_index('ix_legal_step_case_kind', ['case_id', 'kind', 'step_on'], unique=False)
        batch_op.create_index('ix_legal_step_kind_case', ['kind', 'case_id'], unique=False)


def downgrade():
    with op.batch_alter_table('legal_step', schema=None) as batch_op:
        batch_op.drop_index('ix_legal_step_kind_case')
        batch_op.drop_index('ix_legal_step_case_kind')

    op.drop_table('legal_step')
