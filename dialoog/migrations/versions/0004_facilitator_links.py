"""facilitator links

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 07:40:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('facilitator_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_session.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('facilitator_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitator_link_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilitator_link_token_hash'), ['token_hash'], unique=True)

    


def downgrade() -> None:
    
    with op.batch_alter_table('facilitator_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitator_link_token_hash'))
        batch_op.drop_index(batch_op.f('ix_facilitator_link_session_id'))

    op.drop_table('facilitator_link')
    
