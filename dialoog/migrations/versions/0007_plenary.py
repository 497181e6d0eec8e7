"""The plenary (#15): what the projector shows of a session with tables ("Plenair" or
"Tafelweergave"), the message the main console sends to all tables ("Nog 5 minuten"), and a
table that runs on in its phase while the others move on ("Laat doorlopen").

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('projector_view', sqlmodel.sql.sqltypes.AutoString(length=10),
                                      nullable=False, server_default='plenair'))
        batch_op.add_column(sa.Column('table_message', sqlmodel.sql.sqltypes.AutoString(length=120),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('table_message_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table('session_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('runs_on', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('session_table', schema=None) as batch_op:
        batch_op.drop_column('runs_on')
    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('table_message_at')
        batch_op.drop_column('table_message')
        batch_op.drop_column('projector_view')
