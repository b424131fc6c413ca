"""the durable inbox

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 15:50:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.db.types


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('inboxitem',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('received_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.Column('claim_until', bot.db.types.UTCDateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('done_at', bot.db.types.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'key', name='uq_inboxitem_source_key')
    )
    with op.batch_alter_table('inboxitem', schema=None) as batch_op:
        batch_op.create_index('ix_inboxitem_due', ['status', 'claim_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_inboxitem_done_at'), ['done_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inboxitem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inboxitem_done_at'))
        batch_op.drop_index('ix_inboxitem_due')
    op.drop_table('inboxitem')
