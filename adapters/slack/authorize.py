"""Installations cached for the ack path of a many-workspace (OAuth) app.

Bolt's own authorize looks the installation up in the database and calls `auth.test`
before every request is acknowledged; with many workspaces that made acks ~30x slower
than with one fixed token. Here a workspace's first request reads its bot row (off the
event loop) and builds the result from it, as `auth.test` would have answered (the row
was written from the same OAuth answer); the result is kept for a while and dropped at
once when Slack says the tokens were revoked or the app uninstalled. A miss is never
cached (a new installation works at once); a rotating token goes through Bolt's own
authorize, which refreshes it.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize, AsyncInstallationStoreAuthorize
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

CACHE_SECONDS = 600.0
REVOKING_EVENTS = frozenset({"tokens_revoked", "app_uninstalled"})


class CachedAuthorize(AsyncAuthorize):
    def __init__(
        self,
        store: AsyncInstallationStore,
        client: AsyncWebClient,
        *,
        ttl: float = CACHE_SECONDS,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> None:
        super().__init__()
        self.inner = AsyncInstallationStoreAuthorize(
            logger=logging.getLogger("drillbot.slack.authorize"),
            installation_store=store,
            client_id=client_id,
            client_secret=client_secret,
            bot_only=True,  # Drillbot acts with its bot token only
            client=client,
        )
        self.ttl = ttl
        self._cache: dict[tuple[str | None, str | None], tuple[float, AuthorizeResult]] = {}

    async def __call__(
        self,
        *,
        context: Any,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        actor_enterprise_id: str | None = None,
        actor_team_id: str | None = None,
        actor_user_id: str | None = None,
    ) -> AuthorizeResult | None:
        key = (enterprise_id, team_id)
        cached = self._cache.get(key)
        if cached is not None and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        if team_id and enterprise_id and hasattr(self.inner.installation_store, "async_remember_team"):
            # Grid: the outbound port finds this workspace's token through its organisation
            await self.inner.installation_store.async_remember_team(
                team_id, enterprise_id, bool(context.is_enterprise_install)
            )
        result = await self._from_bot_row(context, enterprise_id, team_id, user_id)
        if result is not None:
            self._cache[key] = (time.monotonic(), result)
        else:
            self._cache.pop(key, None)
        return result

    async def _from_bot_row(
        self, context: Any, enterprise_id: str | None, team_id: str | None, user_id: str | None
    ) -> AuthorizeResult | None:
        bot = await self.inner.installation_store.async_find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=context.is_enterprise_install
        )
        if bot is None or not bot.bot_token:
            return None
        if bot.bot_refresh_token or not bot.bot_user_id:
            return await self.inner(context=context, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        return AuthorizeResult(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
        )

    def forget(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Revocation: the next request of this workspace looks the installation up again."""
        self._cache.pop((enterprise_id, team_id), None)
        self.inner.authorize_result_cache.clear()

    def forget_for(self, body: dict[str, Any]) -> None:
        """Called with every event body: a revoking event drops its workspace's entry."""
        if body.get("type") == "event_callback" and (body.get("event") or {}).get("type") in REVOKING_EVENTS:
            self.forget(body.get("enterprise_id"), body.get("team_id"))
