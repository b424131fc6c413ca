"""The Bolt app: Slack requests in, acknowledged at once; the work after the ack (Slack
lookups, the core, the Block Kit reply) is a job (adapters/slack/work.py) run on core
worker threads or worker processes (adapters/slack/jobs.py), so Slack always gets its
answer within three seconds and the acknowledging loop stays free. Events are
idempotent in the core (a message id counts once), so a redelivered event
(`x-slack-retry-num`) is processed again safely and never counted twice.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from sqlalchemy import Engine

from adapters.slack.blocks import ACTION_PREFIX
from adapters.slack.jobs import Jobs, ThreadJobs
from adapters.slack.port import make_client
from adapters.slack.storage import ThreadedInstallationStore, ThreadedStateStore
from bot.core import Drillbot
from bot.secrets import Sealer
from bot.settings import Settings

SCOPES = [
    "commands",
    "chat:write",
    "channels:history",
    "groups:history",
    "reactions:read",
    "users:read",
    "files:write",
]


def build_app(bot: Drillbot, settings: Settings, engine: Engine, jobs: Jobs | None = None) -> AsyncApp:
    """The AsyncApp for one workspace (SLACK_BOT_TOKEN) or many (OAuth install)."""
    options: dict[str, Any] = {
        "signing_secret": settings.slack_signing_secret,
        "process_before_response": False,
        "raise_error_for_unhandled_request": False,
    }
    if settings.slack_client_id:
        options["client"] = make_client(None, settings.slack_api_url)
        options["oauth_settings"] = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=SCOPES,
            installation_store=ThreadedInstallationStore(
                settings.slack_client_id, engine, Sealer(settings.drillbot_secret_key)
            ),
            state_store=ThreadedStateStore(engine),
            install_path="/slack/install",
            redirect_uri_path="/slack/oauth_redirect",
        )
    else:
        options["client"] = make_client(settings.slack_bot_token, settings.slack_api_url)
    app = AsyncApp(**options)
    register(app, jobs or ThreadJobs(bot, settings))
    return app


def register(app: AsyncApp, jobs: Jobs) -> None:
    """Every listener acknowledges and hands Slack's payload over as a job. (Bolt's lazy
    listeners would do the same, but copy the whole request on the event loop first,
    which measurably slowed acks under load.)"""

    async def on_command(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        jobs.submit("command", body)

    async def on_button(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        jobs.submit("button", body)

    async def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        jobs.submit("message", event, body["team_id"])

    async def on_reaction_added(event: dict[str, Any], body: dict[str, Any]) -> None:
        jobs.submit("reaction", event, body["team_id"], True)

    async def on_reaction_removed(event: dict[str, Any], body: dict[str, Any]) -> None:
        jobs.submit("reaction", event, body["team_id"], False)

    async def on_home(event: dict[str, Any], body: dict[str, Any]) -> None:
        jobs.submit("home", event, body["team_id"])

    app.command("/drill")(on_command)
    app.action(re.compile(f"^{ACTION_PREFIX}"))(on_button)
    app.event("message")(on_message)
    app.event("reaction_added")(on_reaction_added)
    app.event("reaction_removed")(on_reaction_removed)
    app.event("app_home_opened")(on_home)

    async def on_user_change(event: dict[str, Any], body: dict[str, Any]) -> None:
        jobs.submit("user_change", event, body["team_id"])

    app.event("user_change")(on_user_change)

    async def on_uninstalled(body: dict[str, Any]) -> None:
        jobs.submit("removed", body["team_id"], None)

    async def on_tokens_revoked(event: dict[str, Any], body: dict[str, Any]) -> None:
        tokens = event.get("tokens") or {}
        # A revoked bot token is the app gone from the workspace; user tokens only theirs.
        jobs.submit("removed", body["team_id"], None if tokens.get("bot") else list(tokens.get("oauth") or []))

    app.event("app_uninstalled")(on_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)
