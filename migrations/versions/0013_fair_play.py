"""fair play: disputes and taught phrasings; season winners cards; private answers, adaptive picks, repeats marked

Revision ID: 0013
Revises: 0015
Create Date: 2026-12-01 19:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.db.types


revision: str = '0013'
down_revision: Union[str, None] = '0015'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('channel', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answers', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default='thread'))
        batch_op.add_column(sa.Column('pick', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default='adaptive'))
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('private', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('repeated', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table('dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('graded_score', sa.Float(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('taught', sa.Boolean(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.Column('decided_at', bot.db.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['member.id'], ),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.create_index('ix_dispute_workspace_status', ['workspace_id', 'status'], unique=False)
        batch_op.create_index('uq_dispute_open_round_member', ['round_id', 'member_id'], unique=True,
                              sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
    op.create_table('taughtphrase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('point', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('phrasing', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], ),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], ),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dispute_id', 'point', name='uq_taughtphrase_dispute_point')
    )
    with op.batch_alter_table('taughtphrase', schema=None) as batch_op:
        batch_op.create_index('ix_taughtphrase_workspace_question', ['workspace_id', 'question_id'], unique=False)
    op.create_table('seasoncard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('season_start', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('claim_until', bot.db.types.UTCDateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', bot.db.types.UTCDateTime(), nullable=False),
    sa.Column('posted_at', bot.db.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['channel_id'], ['channel.id'], ),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspace.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('channel_id', 'season_start', name='uq_seasoncard_channel_season')
    )
    with op.batch_alter_table('seasoncard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seasoncard_workspace_id'), ['workspace_id'], unique=False)


def downgrade() -> None:
    op.drop_table('seasoncard')
    op.drop_table('taughtphrase')
    op.drop_table('dispute')
    with op.batch_alter_table('round', schema=None) as batch_op:
        batch_op.drop_column('repeated')
        batch_op.drop_column('private')
    with op.batch_alter_table('channel', schema=None) as batch_op:
        batch_op.drop_column('pick')
        batch_op.drop_column('answers')
