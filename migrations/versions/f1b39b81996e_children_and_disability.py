"""Children and disability (issue 14, items 3 and 4): a child's guardian or caregiver (name
and contact encrypted), child-friendly interviews (who was present and the note encrypted),
the child's own assent on a consent, and a survivor's disability types (UU 8/2016) and the
accommodation she needs, a row each (the text of an "other" need encrypted)

Existing survivors keep survivor.disability as it is and get no rows: the edit form shows a
single physical, intellectual or mental value as ticked, and keeps "sensory" or "multiple"
until someone ticks the types. Existing consents get NULL assent (never asked).

Revision ID: f1b39b81996e
Revises: e4b7d1a90c52
Create Date: 2026-12-03 19:33:30.740818

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1b39b81996e'
down_revision = 'e4b7d1a90c52'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('child_interview',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('interviewed_on', sa.Date(), nullable=False),
    sa.Column('adaptations', sa.String(length=200), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('present_enc', sa.LargeBinary(), nullable=True),
    sa.Column('note_enc', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_child_interview_author_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_child_interview_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_interview'))
    )
    with op.batch_alter_table('child_interview', schema=None) as batch_op:
        batch_op.create_index('ix_child_interview_case_date', ['case_id', 'interviewed_on'], unique=False)

    op.create_table('guardian',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('relationship', sa.String(length=16), nullable=False),
    sa.Column('perpetrator_link', sa.String(length=16), nullable=False),
    sa.Column('safe_to_contact', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('name_enc', sa.LargeBinary(), nullable=True),
    sa.Column('contact_enc', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_guardian_case_id_case_file')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_guardian_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardian')),
    sa.UniqueConstraint('case_id', name=op.f('uq_guardian_case_id'))
    )
    op.create_table('survivor_need',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('detail_enc', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_survivor_need_case_id_case_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survivor_need'))
    )
    with op.batch_alter_table('survivor_need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survivor_need_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_survivor_need_kind_code', ['kind', 'code'], unique=False)

    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('child_assent', sa.String(length=16), nullable=True))



def downgrade():
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_column('child_assent')

    with op.batch_alter_table('survivor_need', schema=None) as batch_op:
        batch_op.drop_index('ix_survivor_need_kind_code')
        batch_op.drop_index(batch_op.f('ix_survivor_need_case_id'))

    op.drop_table('survivor_need')
    op.drop_table('guardian')
    with op.batch_alter_table('child_interview', schema=None) as batch_op:
        batch_op.drop_index('ix_child_interview_case_date')

    op.drop_table('child_interview')
