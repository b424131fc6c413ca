"""platform faults, uninstall, tokens sealed at rest

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 16:15:00

Existing Slack tokens are sealed here when DRILLBOT_SECRET_KEY is set while migrating;
otherwise they stay as they are and `drillbot secrets rotate` seals them later.
"""
import logging
import os
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel
import bot.db.types


revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

log = logging.getLogger("alembic.runtime.migration")
TOKEN_COLUMNS = {
    "slack_bots": ("bot_token", "bot_refresh_token"),
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
}


def _secret_key() -> str:
    if os.environ.get("DRILLBOT_SECRET_KEY"):
        return os.environ["DRILLBOT_SECRET_KEY"]
    from bot.settings import load_settings  # .env too, like the app

    return load_settings().drillbot_secret_key


def _reseal(opening: bool) -> None:
    """Seal (or, going down, open) every stored token, when a key is set."""
    from bot.secrets import Sealer, is_sealed

    connection = op.get_bind()
    tables = {name: sa.table(name, sa.column("id"), *(sa.column(c) for c in cols)) for name, cols in TOKEN_COLUMNS.items()}
    rows = {name: connection.execute(sa.select(t)).mappings().all() for name, t in tables.items()}
    if not any(rows.values()):
        return
    key = _secret_key()
    if not key:
        if not opening:
            log.warning("Slack tokens stay unencrypted: set DRILLBOT_SECRET_KEY and run `drillbot secrets rotate`")
        return
    sealer = Sealer(key)
    for name, table in tables.items():
        for row in rows[name]:
            values = {}
            for column in TOKEN_COLUMNS[name]:
                value = row[column]
                if value and opening and is_sealed(value):
                    values[column] = sealer.open(value)
                elif value and not opening and not is_sealed(value):
                    values[column] = sealer.seal(value)
            if values:
                connection.execute(sa.update(table).where(table.c.id == row["id"]).values(**values))


def upgrade() -> None:
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uninstalled_at', bot.db.types.UTCDateTime(), nullable=True))

    with op.batch_alter_table('channel', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column('schedule_set_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_channel_schedule_set_by_member', 'member', ['schedule_set_by_id'], ['id'])

    for table, columns in TOKEN_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=sa.String(length=200), type_=sa.String(length=500))
    _reseal(opening=False)


def downgrade() -> None:
    _reseal(opening=True)
    for table, columns in TOKEN_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=sa.String(length=500), type_=sa.String(length=200))

    with op.batch_alter_table('channel', schema=None) as batch_op:
        batch_op.drop_constraint('fk_channel_schedule_set_by_member', type_='foreignkey')
        batch_op.drop_column('schedule_set_by_id')
        batch_op.drop_column('paused_reason')

    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.drop_column('uninstalled_at')
