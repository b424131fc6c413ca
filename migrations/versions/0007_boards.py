"""per-member period totals for leaderboards, backfilled from the ledger

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-01 16:00:00.000000

The backfill first gives every graded on-time answer its "answer" ledger row (0 points
where it earned none: a copy, or a workspace that awards nothing for answering), so
"answered" means the same everywhere, then computes the totals of every workspace with
set-based SQL. Both steps only add what is missing, so running them again changes nothing.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('pointtotal',
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('starts', sa.Date(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ),
    sa.PrimaryKeyConstraint('workspace_id', 'scope', 'scope_id', 'period', 'starts', 'member_id')
    )
    with op.batch_alter_table('pointtotal', schema=None) as batch_op:
        batch_op.create_index('ix_pointtotal_member', ['member_id', 'scope'], unique=False)
        batch_op.create_index('ix_pointtotal_top', ['workspace_id', 'scope', 'scope_id', 'period', 'starts', 'points', 'member_id', 'answered'], unique=False)
    with op.batch_alter_table('scoreevent', schema=None) as batch_op:
        batch_op.drop_index('ix_scoreevent_workspace_created')
        batch_op.create_index('ix_scoreevent_workspace_created', ['workspace_id', 'created_at', 'channel_id', 'member_id', 'points', 'reason'], unique=False)
    backfill()


def backfill() -> None:
    """The ledger rows older versions left out; the totals themselves are built by
    `bot.db.migrate.upgrade` once every migration has run, with the models as they are
    then (building them here would load today's models against this revision's tables)."""
    bind = op.get_bind()
    bind.execute(sa.text(
        "INSERT INTO scoreevent (workspace_id, channel_id, round_id, member_id, reason, points, created_at) "
        "SELECT r.workspace_id, r.channel_id, r.id, a.member_id, 'answer', 0, r.revealed_at "
        "FROM answer a JOIN round r ON r.id = a.round_id "
        "WHERE a.score IS NOT NULL AND a.late = :no AND r.revealed_at IS NOT NULL AND NOT EXISTS ("
        "SELECT 1 FROM scoreevent e WHERE e.round_id = a.round_id AND e.member_id = a.member_id "
        "AND e.reason = 'answer')"
    ), {"no": False})


def downgrade() -> None:
    with op.batch_alter_table('scoreevent', schema=None) as batch_op:
        batch_op.drop_index('ix_scoreevent_workspace_created')
        batch_op.create_index('ix_scoreevent_workspace_created', ['workspace_id', 'created_at', 'member_id', 'points', 'reason'], unique=False)

    with op.batch_alter_table('pointtotal', schema=None) as batch_op:
        batch_op.drop_index('ix_pointtotal_top')
        batch_op.drop_index('ix_pointtotal_member')

    op.drop_table('pointtotal')
