"""The session's language: console, projector and report follow it (nl, en or fr).

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=5),
                                      nullable=False, server_default='nl'))


def downgrade() -> None:
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('language')
