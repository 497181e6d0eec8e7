"""Tables of a session (#15): session_table, and the table of a participant, a card, a turn
event (its stream) and a facilitator link (a table host). NULL everywhere: a session without tables.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('session_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('session_table', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_table_session_id'), ['session_id'], unique=False)

    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.add_column(sa.Column('table_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_card_table_id'), ['table_id'], unique=False)
        batch_op.create_foreign_key('fk_card_table_id', 'session_table', ['table_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('table_choice', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('facilitator_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('table_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_facilitator_link_table_id', 'session_table', ['table_id'], ['id'],
                                    ondelete='CASCADE')

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('table_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_participant_table_id'), ['table_id'], unique=False)
        batch_op.create_foreign_key('fk_participant_table_id', 'session_table', ['table_id'], ['id'],
                                    ondelete='SET NULL')

    with op.batch_alter_table('turn_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('table_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_turn_event_table_id'), ['table_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('turn_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_turn_event_table_id'))
        batch_op.drop_column('table_id')

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint('fk_participant_table_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_participant_table_id'))
        batch_op.drop_column('table_id')

    with op.batch_alter_table('facilitator_link', schema=None) as batch_op:
        batch_op.drop_constraint('fk_facilitator_link_table_id', type_='foreignkey')
        batch_op.drop_column('table_id')

    with op.batch_alter_table('dialogue_session', schema=None) as batch_op:
        batch_op.drop_column('table_choice')

    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.drop_constraint('fk_card_table_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_card_table_id'))
        batch_op.drop_column('table_id')

    with op.batch_alter_table('session_table', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_table_session_id'))

    op.drop_table('session_table')
