"""turn events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:23:53.464552
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('turn_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('by', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('payload', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('turn_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_turn_event_session_id'), ['session_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('turn_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_turn_event_session_id'))

    op.drop_table('turn_event')
    
