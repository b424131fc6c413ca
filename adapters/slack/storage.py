"""Slack's OAuth tables (installations, bots, OAuth states) in our database.

The table definitions are slack_sdk's own, so its SQLAlchemy stores can use them;
they are created by our Alembic migrations (never by `create_tables()`), and the
stores are wrapped for the async Bolt app by running their calls in a thread.
"""

from __future__ import annotations

import asyncio
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData

SLACK_METADATA = MetaData()
SQLAlchemyInstallationStore.build_bots_table(SLACK_METADATA, SQLAlchemyInstallationStore.default_bots_table_name)
SQLAlchemyInstallationStore.build_installations_table(
    SLACK_METADATA, SQLAlchemyInstallationStore.default_installations_table_name
)
SQLAlchemyOAuthStateStore.build_oauth_states_table(SLACK_METADATA, SQLAlchemyOAuthStateStore.default_table_name)


class ThreadedInstallationStore(AsyncInstallationStore):
    """slack_sdk's SQLAlchemy installation store, awaited without blocking the loop."""

    def __init__(self, client_id: str, engine: Engine) -> None:
        self.store = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)

    @property
    def logger(self) -> Any:
        return self.store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(self, **kwargs: Any) -> Bot | None:
        return await asyncio.to_thread(lambda: self.store.find_bot(**kwargs))

    async def async_find_installation(self, **kwargs: Any) -> Installation | None:
        return await asyncio.to_thread(lambda: self.store.find_installation(**kwargs))

    async def async_delete_bot(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_bot(**kwargs))

    async def async_delete_installation(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_installation(**kwargs))


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
