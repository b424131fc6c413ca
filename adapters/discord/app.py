"""The discord.py client: `/drill` app commands, thread replies, buttons, the Answer
modal and reactions in; the core's Replies out as embeds.

Everything the bot knows lives in the database: buttons carry their state in their
custom_id (dynamic items) and the modal in its own, so a restart, or another shard's
process, handles any interaction. Core work runs on worker threads (bot/offload.py);
answers to interactions go out on the client's loop, deferred if the core is slow.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, cast

import discord
import yarl
from discord import app_commands

from adapters.discord import commands
from adapters.discord.embeds import DrillButton, message_kwargs, pages
from adapters.discord.endpoints import RedirectingConnector, redirects
from adapters.discord.intake import DiscordIntake
from bot.chat.ports import ChannelRef, Reply, Tenant, UserRef
from bot.commands.grammar import whole_number
from bot.core import Drillbot
from bot.offload import off_loop
from bot.render import answer_receipt, info
from bot.settings import Settings

log = logging.getLogger("drillbot.discord")
ANSWER_MODAL = "drill-answer:"
BOX_READ_WITHIN = 1.0  # seconds to read an answer for its Edit box before opening it empty
RESPOND_WITHIN = 2.0  # seconds before an interaction is deferred (Discord allows 3, counted at its end)
UNKNOWN_INTERACTION = 10062  # Discord's code for a response that came after its 3 seconds
POSTED_BELOW = "Posted for everyone below."


def make_client(settings: Settings) -> DrillClient:
    """AutoShardedClient when DISCORD_SHARDS is `auto` or a count, else one connection."""
    intents = discord.Intents.default()
    intents.message_content = settings.discord_message_content
    moved = redirects(settings)
    if settings.discord_shards == "auto":
        return DrillClient(intents=intents, sharded=True, moved=moved)
    if settings.discord_shards:
        return DrillClient(intents=intents, sharded=True, shard_count=int(settings.discord_shards), moved=moved)
    return DrillClient(intents=intents, moved=moved)


class DrillClient(discord.AutoShardedClient):
    """One class for both: an AutoShardedClient with one shard is a plain connection."""

    def __init__(
        self,
        *,
        intents: discord.Intents,
        sharded: bool = False,
        shard_count: int | None = None,
        moved: dict[yarl.URL, yarl.URL] | None = None,
    ) -> None:
        super().__init__(intents=intents, shard_count=shard_count if sharded else 1)
        self.tree = app_commands.CommandTree(self)
        self.drill: DiscordHandlers | None = None
        self.moved = moved or {}  # another Discord (an emulator): adapters/discord/endpoints.py

    async def login(self, token: str) -> None:
        if self.moved and not isinstance(self.http.connector, RedirectingConnector):
            self.http.connector = RedirectingConnector(self.moved, limit=0)  # made on the loop, as aiohttp needs
        await super().login(token)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(DrillButton)


class AnswerModal(discord.ui.Modal):
    """A text box for answering without the message-content intent. Its submission is
    handled in `on_interaction` by custom_id, so it works after a restart too."""

    answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
        label="Your answer", style=discord.TextStyle.paragraph, max_length=4000, custom_id="answer"
    )

    def __init__(self, round_id: str, text: str = "") -> None:
        super().__init__(title="Your answer", custom_id=f"{ANSWER_MODAL}{round_id}", timeout=None)
        self.answer.default = text[:4000] or None  # an Edit starts from what was sent


class DiscordHandlers:
    def __init__(self, bot: Drillbot, settings: Settings) -> None:
        self.bot = bot
        self.admin_role = settings.discord_admin_role
        self.intake = DiscordIntake(bot)  # state-changing events go through the durable inbox

    # ---- who and where ------------------------------------------------------------------

    @staticmethod
    def tenant(guild: discord.Guild | None, guild_id: int | None) -> Tenant:
        return Tenant("discord", str(guild_id), guild.name if guild else "")

    def person(self, interaction: discord.Interaction) -> UserRef:
        user = interaction.user
        roles = getattr(user, "roles", [])
        by_role = bool(self.admin_role) and any(self.admin_role in {str(r.id), r.name} for r in roles)
        return UserRef(str(user.id), user.display_name, interaction.permissions.manage_guild or by_role)

    @staticmethod
    def place(interaction: discord.Interaction) -> ChannelRef:
        """Where a command was typed. In a thread it is the thread's parent channel, with
        the thread: a question's thread means that question, and `/drill ask` there posts
        in the channel (Discord allows no thread inside a thread)."""
        channel = interaction.channel
        if isinstance(channel, discord.Thread) and channel.parent_id:
            parent = channel.parent
            return ChannelRef(str(channel.parent_id), getattr(parent, "name", "") or "", str(channel.id))
        return ChannelRef(str(interaction.channel_id), getattr(channel, "name", "") or "")

    # ---- interactions ---------------------------------------------------------------------

    async def command(self, interaction: discord.Interaction, text: str) -> None:
        if await refused_outside_a_server(interaction):
            return
        ctx = self.tenant(interaction.guild, interaction.guild_id)
        work = self.bot.handle_command(ctx, self.place(interaction), self.person(interaction), text)
        await respond(interaction, work)

    async def on_button(self, interaction: discord.Interaction, action: str, value: str) -> None:
        if await refused_outside_a_server(interaction):
            return
        if action == "answer":
            await interaction.response.send_modal(AnswerModal(value, await self.box_text(interaction, value)))
            return
        ctx = self.tenant(interaction.guild, interaction.guild_id)
        work = self.bot.handle_button(ctx, self.place(interaction), self.person(interaction), action, value)
        await respond(interaction, work)

    async def box_text(self, interaction: discord.Interaction, round_id: str) -> str:
        """The person's answer so far, read off the loop; "" when slow (the modal must open within 3 s)."""
        number = whole_number(round_id)
        if number is None:
            return ""
        ctx = self.tenant(interaction.guild, interaction.guild_id)
        read = asyncio.to_thread(self.bot.answer_box_text, ctx, number, str(interaction.user.id))
        try:
            return await asyncio.wait_for(read, BOX_READ_WITHIN)
        except Exception as error:  # noqa: BLE001  (the box opens empty: never a lost click)
            log.warning("could not read the answer box of round %s: %s", round_id, error)
            return ""

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        data = cast(dict[str, Any], interaction.data or {})  # a modal's: custom_id and components
        custom_id = data.get("custom_id", "")
        if interaction.type != discord.InteractionType.modal_submit or not custom_id.startswith(ANSWER_MODAL):
            return
        if await refused_outside_a_server(interaction):
            return
        round_id = custom_id.removeprefix(ANSWER_MODAL)
        text = modal_text(data)
        ctx = self.tenant(interaction.guild, interaction.guild_id)

        async def record() -> Reply:
            number = whole_number(round_id)
            if number is None:
                return info("That question is gone.")
            outcome = await self.intake.answer(
                ctx.workspace_id, number, self.person(interaction), text, str(interaction.id)
            )
            return answer_receipt(outcome, number, len(text.strip()), self.bot.config.max_answer_chars)

        await respond(interaction, record())

    # ---- gateway events -------------------------------------------------------------------

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Drillbot was removed from the server: its schedules stop now, its data goes after
        DELETE_AFTER_DAYS. (The bot token is the application's, not the server's: nothing to delete.)"""
        await off_loop(self.bot.handle_uninstall(self.tenant(guild, guild.id)))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await off_loop(self.bot.handle_install(self.tenant(guild, guild.id)))

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or isinstance(message.channel, discord.TextChannel):
            return  # a round's answers are in its thread, which is a channel of its own
        thread = str(message.channel.id)
        author = UserRef(str(message.author.id), message.author.display_name)
        await self.intake.reply(str(message.guild.id), thread, author, message.content, str(message.id))

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        data = cast(dict[str, Any], payload.data)  # an edit's payload is partial: read with .get
        if "content" not in data or (data.get("author") or {}).get("bot") or payload.guild_id is None:
            return
        thread, edited_at = str(payload.channel_id), str(data.get("edited_timestamp") or "")
        author_id = str((data.get("author") or {}).get("id", ""))
        await self.intake.edit(
            str(payload.guild_id), thread, str(payload.message_id), data["content"], edited_at, author_id or None
        )

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        if payload.guild_id is None:
            return
        await self.intake.delete(str(payload.guild_id), str(payload.channel_id), str(payload.message_id))

    async def on_reaction(self, payload: discord.RawReactionActionEvent, added: bool) -> None:
        if payload.guild_id is None:
            return
        name = payload.member.display_name if payload.member else ""
        giver = UserRef(str(payload.user_id), name)
        emoji = payload.emoji.name or ""
        guild, channel, message = str(payload.guild_id), str(payload.channel_id), str(payload.message_id)
        await self.intake.reaction(guild, channel, message, giver, emoji, added)


DM_REFUSAL = (
    "Drillbot works in servers only: use `/drill` in a server channel. "
    "(In direct messages, strangers' groups and leaderboards would mix.)"
)


async def refused_outside_a_server(interaction: discord.Interaction) -> bool:
    """`/drill` is registered guild-only, so Discord should never send one from a DM; if one
    arrives anyway (an old registration, a user-installed copy), refuse it politely."""
    if interaction.guild_id is not None:
        return False
    await interaction.response.send_message(DM_REFUSAL, ephemeral=True)
    return True


def modal_text(data: dict[str, Any]) -> str:
    values = [c.get("value", "") for row in data.get("components", []) for c in row.get("components", [])]
    return "\n".join(v for v in values if v)


async def respond(interaction: discord.Interaction, work: Coroutine[Any, Any, Reply]) -> None:
    """Answer the interaction with the core's Reply: at once if the core is quick,
    else defer (Discord's 3-second limit) and follow up. When Discord has given up on
    the interaction anyway (a stall on our side), what the command did stands and the
    log says why its person saw "The application did not respond"."""
    task = asyncio.ensure_future(off_loop(work))
    try:
        await _answer(interaction, task)
    except discord.NotFound as error:
        if error.code != UNKNOWN_INTERACTION:
            raise
        await task  # the command's work is done whatever Discord shows
        log.warning("Discord expired an interaction before Drillbot answered it (10062); its work was done")


async def _answer(interaction: discord.Interaction, task: asyncio.Future[Reply]) -> None:
    try:
        reply = await asyncio.wait_for(asyncio.shield(task), RESPOND_WITHIN)
    except TimeoutError:
        # The deferral fixes the visibility of its "thinking" message before the reply is
        # known: private, so nothing private is ever shown; a public reply replaces it.
        await interaction.response.defer(thinking=True, ephemeral=True)
        reply = await task
        parts = pages(reply)
        public = not parts[0].private
        if public:  # a follow-up right after the deferral would edit it, and stay private
            await interaction.edit_original_response(content=POSTED_BELOW)
        for part in parts:
            await interaction.followup.send(**message_kwargs(part), ephemeral=part.private)
        if public:
            await interaction.delete_original_response()  # the private note has served
        return
    first, *rest = pages(reply)
    await interaction.response.send_message(**message_kwargs(first), ephemeral=first.private)
    for part in rest:  # a long list continues in follow-up messages
        await interaction.followup.send(**message_kwargs(part), ephemeral=part.private)


def attach(client: DrillClient, bot: Drillbot, settings: Settings) -> DiscordHandlers:
    """Wire the handlers and the `/drill` command group into the client."""
    handlers = DiscordHandlers(bot, settings)
    client.drill = handlers
    client.tree.add_command(drill_group(handlers))
    client.event(handlers.on_message)
    client.event(handlers.on_raw_message_edit)
    client.event(handlers.on_raw_message_delete)
    client.event(handlers.on_interaction)
    client.event(handlers.on_guild_remove)
    client.event(handlers.on_guild_join)

    async def on_raw_reaction_add(payload: discord.RawReactionActionEvent) -> None:
        await handlers.on_reaction(payload, added=True)

    async def on_raw_reaction_remove(payload: discord.RawReactionActionEvent) -> None:
        await handlers.on_reaction(payload, added=False)

    client.event(on_raw_reaction_add)
    client.event(on_raw_reaction_remove)
    return handlers


def drill_group(h: DiscordHandlers | None) -> app_commands.Group:
    """The `/drill` group, generated from the command specs (adapters/discord/commands.py).
    `drillbot discord sync` builds it without handlers: syncing needs the commands'
    shapes, never their callbacks."""

    async def run(interaction: discord.Interaction, text: str) -> None:
        assert h is not None, "the command tree was built for syncing only"
        await h.command(interaction, text)

    return commands.drill_group(run)
