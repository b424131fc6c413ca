"""local mode's virtual clock per data directory; when each member first answered a round

Revision ID: 0010
Revises: 0004
Create Date: 2026-12-01 16:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.db.types


revision: str = '0010'
down_revision: Union[str, None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('localclock',
    sa.Column('data_dir', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('offset_seconds', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('data_dir')
    )
    op.create_table('answerorigin',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('first_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ),
    sa.PrimaryKeyConstraint('round_id', 'member_id')
    )
    with op.batch_alter_table('answerorigin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answerorigin_workspace_id'), ['workspace_id'], unique=False)


def downgrade() -> None:
    op.drop_table('answerorigin')
    op.drop_table('localclock')
