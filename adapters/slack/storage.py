"""Slack's OAuth tables (installations, bots, OAuth states) in our database.

The table definitions are slack_sdk's own, so its SQLAlchemy stores can use them;
they are created by our Alembic migrations (never by `create_tables()`), and the
stores are wrapped for the async Bolt app by running their calls in a thread.
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Boolean, Column, Connection, Engine, MetaData, String, Table, select, update
from sqlalchemy.exc import IntegrityError

from bot.db.engine import session_scope
from bot.secrets import Sealer
from bot.usecases import tenancy

SLACK_METADATA = MetaData()
SQLAlchemyInstallationStore.build_bots_table(SLACK_METADATA, SQLAlchemyInstallationStore.default_bots_table_name)
SQLAlchemyInstallationStore.build_installations_table(
    SLACK_METADATA, SQLAlchemyInstallationStore.default_installations_table_name
)
SQLAlchemyOAuthStateStore.build_oauth_states_table(SLACK_METADATA, SQLAlchemyOAuthStateStore.default_table_name)

# Which Enterprise Grid organisation a workspace belongs to, and whether the app is
# installed org-wide there: Bolt stores a Grid installation under its enterprise id (an
# org-wide one with no team id), so posting to a workspace needs them (migration 0014).
SLACK_TEAMS = Table(
    "slack_teams",
    SLACK_METADATA,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), nullable=True),
    Column("is_enterprise_install", Boolean, nullable=False),
)

# Tokens are stored sealed (bot/secrets.py): a sealed token is longer than slack_sdk's
# String(200) allows, so these columns are widened (migration 0006).
TOKEN_COLUMNS: dict[str, tuple[str, ...]] = {
    "slack_bots": ("bot_token", "bot_refresh_token"),
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
}
SEALED_TOKEN_LENGTH = 500
for _table, _columns in TOKEN_COLUMNS.items():
    for _column in _columns:
        SLACK_METADATA.tables[_table].c[_column].type = String(SEALED_TOKEN_LENGTH)


def _sealed(value: Any, sealer: Sealer, fields: tuple[str, ...], *, opening: bool) -> Any:
    """A copy of an Installation or Bot with its token fields sealed or opened."""
    if value is None:
        return None
    copied = copy.copy(value)
    for name in fields:
        if hasattr(copied, name):
            current = getattr(copied, name)
            setattr(copied, name, sealer.open(current) if opening else sealer.seal(current))
    return copied


BOT_FIELDS = TOKEN_COLUMNS["slack_bots"]
INSTALLATION_FIELDS = TOKEN_COLUMNS["slack_installations"]


class SealedInstallationStore:
    """slack_sdk's SQLAlchemy installation store with every token sealed on the way in
    and opened on the way out: the rest of Bolt and slack_sdk never see a sealed one,
    the database never sees a plain one. (slack_sdk's own `find_installation` compares
    the bot row's token with the installation's; both are sealed there, so it copies a
    sealed value, which is opened here like any other.)"""

    def __init__(self, client_id: str, engine: Engine, sealer: Sealer) -> None:
        self.store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
        self.sealer = sealer

    @property
    def logger(self) -> Any:
        return self.store.logger

    def save(self, installation: Installation) -> None:
        self.store.save(_sealed(installation, self.sealer, INSTALLATION_FIELDS, opening=False))
        if installation.team_id and not installation.is_enterprise_install:
            self.remember_team(installation.team_id, installation.enterprise_id, False)
        if installation.team_id:  # installed (again): the uninstall's stop is lifted
            with session_scope(self.store.engine) as session:
                tenancy.mark_installed(session, "slack", installation.team_id)

    def remember_team(self, team_id: str, enterprise_id: str | None, org_install: bool) -> None:
        """Note a workspace's organisation, as an install or an event says it."""
        values = {"enterprise_id": enterprise_id, "is_enterprise_install": org_install}
        with self.store.engine.begin() as conn:
            found = conn.execute(update(SLACK_TEAMS).where(SLACK_TEAMS.c.team_id == team_id).values(**values))
            if found.rowcount == 0:
                try:
                    with conn.begin_nested():
                        conn.execute(SLACK_TEAMS.insert().values(team_id=team_id, **values))
                except IntegrityError:  # another process noted it first: the same facts
                    pass

    def team_owner(self, team_id: str) -> tuple[str | None, bool]:
        """(enterprise id, org-wide install) for a workspace; (None, False) outside Grid."""
        with self.store.engine.connect() as conn:
            row = conn.execute(
                select(SLACK_TEAMS.c.enterprise_id, SLACK_TEAMS.c.is_enterprise_install).where(
                    SLACK_TEAMS.c.team_id == team_id
                )
            ).first()
        return (row[0], bool(row[1])) if row else (None, False)

    def find_bot_for_team(self, team_id: str) -> Bot | None:
        """The bot that acts in a workspace: its own installation, its Grid workspace
        installation (under the enterprise id) or its organisation's org-wide one."""
        enterprise_id, org_install = self.team_owner(team_id)
        return self.find_bot(enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=org_install)

    def save_bot(self, bot: Bot) -> None:
        self.store.save_bot(_sealed(bot, self.sealer, BOT_FIELDS, opening=False))

    def find_bot(self, **kwargs: Any) -> Bot | None:
        return _sealed(self.store.find_bot(**kwargs), self.sealer, BOT_FIELDS, opening=True)

    def find_installation(self, **kwargs: Any) -> Installation | None:
        return _sealed(self.store.find_installation(**kwargs), self.sealer, INSTALLATION_FIELDS, opening=True)

    def delete_bot(self, **kwargs: Any) -> None:
        self.store.delete_bot(**kwargs)

    def delete_installation(self, **kwargs: Any) -> None:
        self.store.delete_installation(**kwargs)

    def delete_all(self, **kwargs: Any) -> None:
        self.store.delete_all(**kwargs)


def reseal_tokens(connection: Connection, sealer: Sealer) -> int:
    """Every stored token under the first key (`drillbot secrets rotate`); plaintext
    tokens from before encryption are sealed. Returns how many values changed."""
    changed = 0
    for name, columns in TOKEN_COLUMNS.items():
        table = SLACK_METADATA.tables[name]
        for row in connection.execute(select(table.c.id, *(table.c[c] for c in columns))).mappings():
            values = {c: sealer.reseal(row[c]) for c in columns if row[c]}
            if values:
                connection.execute(update(table).where(table.c.id == row["id"]).values(**values))
                changed += len(values)
    return changed


class ThreadedInstallationStore(AsyncInstallationStore):
    """The sealed installation store, awaited without blocking the loop."""

    def __init__(self, client_id: str, engine: Engine, sealer: Sealer) -> None:
        self.store = SealedInstallationStore(client_id, engine, sealer)

    @property
    def logger(self) -> Any:
        return self.store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_remember_team(self, team_id: str, enterprise_id: str | None, org_install: bool) -> None:
        await asyncio.to_thread(self.store.remember_team, team_id, enterprise_id, org_install)

    async def async_team_owner(self, team_id: str) -> tuple[str | None, bool]:
        return await asyncio.to_thread(self.store.team_owner, team_id)

    async def async_find_bot_for_team(self, team_id: str) -> Bot | None:
        return await asyncio.to_thread(self.store.find_bot_for_team, team_id)

    async def async_find_bot(self, **kwargs: Any) -> Bot | None:
        return await asyncio.to_thread(lambda: self.store.find_bot(**kwargs))

    async def async_find_installation(self, **kwargs: Any) -> Installation | None:
        return await asyncio.to_thread(lambda: self.store.find_installation(**kwargs))

    async def async_delete_bot(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_bot(**kwargs))

    async def async_delete_installation(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_installation(**kwargs))

    async def async_delete_all(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_all(**kwargs))


class ThreadedStateStore(AsyncOAuthStateStore):
    def __init__(self, engine: Engine, expiration_seconds: int = 600) -> None:
        self.store = SQLAlchemyOAuthStateStore(expiration_seconds=expiration_seconds, engine=engine)

    @property
    def logger(self) -> Any:
        return self.store.logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self.store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)
