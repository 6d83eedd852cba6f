"""Perpetrators: one or more per incident, with sex, age band, education, occupation,
relationship, child and harmed-others; each incident's perpetrator columns become a row

Revision ID: 16b60847099c
Revises: e5b7c2a9d140
Create Date: 2026-12-03 19:40:00.000000

The incident's perpetrator_name and perpetrator_details were encrypted bound to
(incident, column, incident id); each value is opened and sealed again bound to
(perpetrator, name|details, the new row's id), so the migration needs the keyring when such
values exist (`casework init` / `flask db upgrade` run inside the app, which loads it).
A downgrade keeps each incident's first perpetrator in the old columns; others are lost.
"""
import uuid

import sqlalchemy as sa
from alembic import op

# The app's own sealing code: a value must be bound exactly as the models bind it.
from casework.crypto.fields import decrypt_value, encrypt_value
from casework.crypto.keyring import current_keyring

# revision identifiers, used by Alembic.
revision = '16b60847099c'
down_revision = 'e5b7c2a9d140'
branch_labels = None
depends_on = None

OLD_SECRETS = (("perpetrator_name", "name"), ("perpetrator_details", "details"))

incident = sa.table(
    'incident',
    sa.column('id', sa.Uuid()), sa.column('case_id', sa.Uuid()),
    sa.column('created_at', sa.DateTime()),
    sa.column('perpetrator_relationship', sa.String()),
    sa.column('perpetrator_is_child', sa.Boolean()),
    sa.column('perpetrator_name_enc', sa.LargeBinary()),
    sa.column('perpetrator_details_enc', sa.LargeBinary()),
)
perpetrator = sa.table(
    'perpetrator',
    sa.column('id', sa.Uuid()), sa.column('case_id', sa.Uuid()),
    sa.column('incident_id', sa.Uuid()), sa.column('created_at', sa.DateTime()),
    sa.column('relationship', sa.String()), sa.column('is_child', sa.Boolean()),
    sa.column('harmed_others', sa.Boolean()), sa.column('version', sa.Integer()),
    sa.column('name_enc', sa.LargeBinary()), sa.column('details_enc', sa.LargeBinary()),
)


def _reseal(blob, from_table, from_column, from_id, to_table, to_column, to_id):
    """A value opened where it was bound and sealed for its new place (None stays None)."""
    if blob is None:
        return None
    ring = current_keyring()
    plain = decrypt_value(ring, from_table, from_column, from_id, bytes(blob))
    return encrypt_value(ring, to_table, to_column, to_id, plain)


def upgrade():
    op.create_table('perpetrator',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('incident_id', sa.Uuid(), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=True),
    sa.Column('age_band', sa.String(length=8), nullable=True),
    sa.Column('education', sa.String(length=16), nullable=True),
    sa.Column('occupation', sa.String(length=24), nullable=True),
    sa.Column('relationship', sa.String(length=24), nullable=True),
    sa.Column('is_child', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('harmed_others', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name_enc', sa.LargeBinary(), nullable=True),
    sa.Column('details_enc', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_perpetrator_case_id_case_file')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_perpetrator_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_perpetrator_incident_id_incident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perpetrator'))
    )
    with op.batch_alter_table('perpetrator', schema=None) as batch_op:
        batch_op.create_index('ix_perpetrator_case_created', ['case_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_perpetrator_incident_id'), ['incident_id'], unique=False)

    op.create_table('perpetrator_change',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('perpetrator_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('changed_by_id', sa.Uuid(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_file.id'], name=op.f('fk_perpetrator_change_case_id_case_file')),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_perpetrator_change_changed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perpetrator_change'))
    )
    with op.batch_alter_table('perpetrator_change', schema=None) as batch_op:
        batch_op.create_index('ix_perpetrator_change_case_time', ['case_id', 'changed_at'], unique=False)

    _incident_columns_to_rows()
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_column('perpetrator_relationship')
        batch_op.drop_column('perpetrator_is_child')
        batch_op.drop_column('perpetrator_name_enc')
        batch_op.drop_column('perpetrator_details_enc')


def _incident_columns_to_rows():
    """A perpetrator row for every incident that recorded anything about its perpetrator."""
    bind = op.get_bind()
    recorded = sa.or_(incident.c.perpetrator_relationship.isnot(None),
                      incident.c.perpetrator_is_child.is_(True),
                      incident.c.perpetrator_name_enc.isnot(None),
                      incident.c.perpetrator_details_enc.isnot(None))
    rows = bind.execute(sa.select(incident).where(recorded)).all()
    for row in rows:
        new_id = uuid.uuid4()
        values = {"id": new_id, "case_id": row.case_id, "incident_id": row.id,
                  "created_at": row.created_at, "relationship": row.perpetrator_relationship,
                  "is_child": bool(row.perpetrator_is_child), "harmed_others": False,
                  "version": 1}
        for old, new in OLD_SECRETS:
            values[f"{new}_enc"] = _reseal(getattr(row, f"{old}_enc"), "incident", old, row.id,
                                           "perpetrator", new, new_id)
        bind.execute(perpetrator.insert().values(**values))


def downgrade():
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('perpetrator_details_enc', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('perpetrator_name_enc', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('perpetrator_is_child', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('perpetrator_relationship', sa.String(length=24), nullable=True))
    _first_rows_to_incident_columns()
    with op.batch_alter_table('perpetrator_change', schema=None) as batch_op:
        batch_op.drop_index('ix_perpetrator_change_case_time')

    op.drop_table('perpetrator_change')
    with op.batch_alter_table('perpetrator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perpetrator_incident_id'))
        batch_op.drop_index('ix_perpetrator_case_created')

    op.drop_table('perpetrator')


def _first_rows_to_incident_columns():
    """Each incident's first perpetrator back into its old columns."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(perpetrator).order_by(
        perpetrator.c.created_at.desc(), perpetrator.c.id.desc())).all()
    first = {row.incident_id: row for row in rows}  # oldest last, so it wins
    for incident_id, row in first.items():
        values = {"perpetrator_relationship": row.relationship,
                  "perpetrator_is_child": bool(row.is_child)}
        for old, new in OLD_SECRETS:
            values[f"{old}_enc"] = _reseal(getattr(row, f"{new}_enc"), "perpetrator", new,
                                           row.id, "incident", old, incident_id)
        bind.execute(incident.update().where(incident.c.id == incident_id).values(**values))
