"""reveal for any number of answers: per-point grades, gaming flag, details setting

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-01 16:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0009'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('points', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('flag', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))

    with op.batch_alter_table('channel', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reveal_details', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                      server_default='private')
        )


def downgrade() -> None:
    with op.batch_alter_table('channel', schema=None) as batch_op:
        batch_op.drop_column('reveal_details')

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('flag')
        batch_op.drop_column('points')
