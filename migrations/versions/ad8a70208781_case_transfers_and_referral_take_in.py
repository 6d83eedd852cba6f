"""Case transfers between organisations that hold cases, and referrals taken into a unit's
own case management (issue 13, items 3 and 4)

Revision ID: ad8a70208781
Revises: c3a91e7d5b20
Create Date: 2026-12-03 17:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ad8a70208781'
down_revision = 'c3a91e7d5b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_transfer',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('from_org_id', sa.Uuid(), nullable=False),
    sa.Column('to_org_id', sa.Uuid(), nullable=False),
    sa.Column('consent_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('urgency', sa.String(length=12), nullable=False),
    sa.Column('proposed_by_id', sa.Uuid(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('assigned_to_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('note_enc', sa.LargeBinary(), nullable=True),
    sa.Column('decline_reason_enc', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['user_account.id'], name=op.f('fk_case_transfer_assigned_to_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_case_transfer_case_id_case_file')),
    sa.ForeignKeyConstraint(['consent_id'], ['consent.id'], name=op.f('fk_case_transfer_consent_id_consent')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_case_transfer_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['from_org_id'], ['organisation.id'], name=op.f('fk_case_transfer_from_org_id_organisation')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_case_transfer_proposed_by_id_user_account')),
    sa.ForeignKeyConstraint(['to_org_id'], ['organisation.id'], name=op.f('fk_case_transfer_to_org_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_transfer'))
    )
    with op.batch_alter_table('case_transfer', schema=None) as batch_op:
        batch_op.create_index('ix_case_transfer_case_status', ['case_id', 'status'], unique=False)
        batch_op.create_index('ix_case_transfer_from_status', ['from_org_id', 'status', 'proposed_at'], unique=False)
        batch_op.create_index('ix_case_transfer_to_status', ['to_org_id', 'status', 'proposed_at'], unique=False)

    op.create_table('referral_intake',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('referral_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('taken_by_id', sa.Uuid(), nullable=True),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_referral_intake_case_id_case_file')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_referral_intake_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_referral_intake_referral_id_referral')),
    sa.ForeignKeyConstraint(['taken_by_id'], ['user_account.id'], name=op.f('fk_referral_intake_taken_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_intake')),
    sa.UniqueConstraint('case_id', name=op.f('uq_referral_intake_case_id')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_referral_intake_referral_id'))
    )


def downgrade():
    op.drop_table('referral_intake')
    with op.batch_alter_table('case_transfer', schema=None) as batch_op:
        batch_op.drop_index('ix_case_transfer_to_status')
        batch_op.drop_index('ix_case_transfer_from_status')
        batch_op.drop_index('ix_case_transfer_case_status')

    op.drop_table('case_transfer')
