"""inbox rows carry their tenant (the platform's workspace id), so deleting a workspace deletes them

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 19:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0015'
down_revision: Union[str, None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('inboxitem', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workspace_external_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_index('ix_inboxitem_tenant', ['source', 'workspace_external_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('inboxitem', schema=None) as batch_op:
        batch_op.drop_index('ix_inboxitem_tenant')
        batch_op.drop_column('workspace_external_id')
