"""The Bolt app: Slack requests in, stored in the durable inbox and then acknowledged
(adapters/slack/intake.py); the work after the ack (Slack lookups, the core, the Block
Kit reply) is a job (adapters/slack/work.py) run on core worker threads or worker
processes (adapters/slack/jobs.py), so Slack always gets its answer within three
seconds and the acknowledging loop stays free. A redelivered event
(`x-slack-retry-num`) finds its inbox row and is not stored or processed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from sqlalchemy import Engine

from adapters.slack.authorize import CachedAuthorize
from adapters.slack.intake import install_intake
from adapters.slack.jobs import Jobs, ThreadJobs
from adapters.slack.port import make_client
from adapters.slack.storage import ThreadedInstallationStore, ThreadedStateStore
from bot.chat.ports import Tenant
from bot.commands.grammar import whole_number
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


def box_reader(bot: Drillbot) -> Callable[[str, str, str], str]:
    """(team, round, user) -> that person's answer-box text, for the Edit box."""

    def read(team: str, round_id: str, user: str) -> str:
        number = whole_number(round_id)
        return "" if number is None else bot.answer_box_text(Tenant("slack", team), number, user)

    return read


def build_app(bot: Drillbot, settings: Settings, engine: Engine, jobs: Jobs | None = None) -> AsyncApp:
    """The AsyncApp for one workspace (SLACK_BOT_TOKEN) or many (OAuth install)."""
    options: dict[str, Any] = {
        "signing_secret": settings.slack_signing_secret,
        "process_before_response": False,
        "raise_error_for_unhandled_request": False,
    }
    authorize: CachedAuthorize | None = None
    if settings.slack_client_id:
        options["client"] = make_client(None, settings.slack_api_url)
        store = ThreadedInstallationStore(settings.slack_client_id, engine, Sealer(settings.drillbot_secret_key))
        authorize = CachedAuthorize(
            store, options["client"], client_id=settings.slack_client_id, client_secret=settings.slack_client_secret
        )
        options["authorize"] = authorize
        options["oauth_settings"] = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=SCOPES,
            installation_store=store,
            state_store=ThreadedStateStore(engine),
            install_path="/slack/install",
            redirect_uri_path="/slack/oauth_redirect",
        )
    else:
        options["client"] = make_client(settings.slack_bot_token, settings.slack_api_url)
    app = AsyncApp(**options)
    jobs = jobs or ThreadJobs(bot, settings)
    # Drillbot's commands, buttons and events are stored, acknowledged and handed to the
    # jobs by the intake middleware (not by listeners: Bolt acks an event before its
    # listener runs, which would be before the row is written).
    install_intake(app, jobs.inbox, jobs.submit_item, authorize.forget_for if authorize else None, box_reader(bot))
    return app
