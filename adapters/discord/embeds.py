"""The core's Replies as Discord embeds, buttons and files."""

from __future__ import annotations

import io
import re
from typing import Any

import discord

from bot.chat.ports import Reply

COLOURS = {"question": 0x3B6EA8, "reveal": 0x2E9E6A, "leaderboard": 0xE0A030, "summary": 0xE0A030}
CHART_NAME = "drillbot-chart.png"
SLACK_BOLD = re.compile(r"(?<![*\w])\*([^*\n]+)\*(?!\*)")  # the core writes *bold*, Discord wants **bold**
CUSTOM_ID = re.compile(r"drill:(?P<action>[a-z-]+):(?P<value>\d+)")
KEY_MARK = " · ref "  # keyed messages end their footer with it, so find_sent can recognise them


def markdown(text: str) -> str:
    return SLACK_BOLD.sub(r"**\1**", text)


def embed_for(reply: Reply) -> discord.Embed:
    embed = discord.Embed(
        title=reply.title[:256] or None,
        description=markdown(reply.body)[:4096] or None,
        colour=COLOURS.get(reply.kind, 0x777777),
    )
    for field in reply.fields[:25]:
        embed.add_field(name=field.name[:256], value=markdown(field.value)[:1024] or "—", inline=field.inline)
    footer = reply.footer + (f"{KEY_MARK}{reply.key}" if reply.key else "")
    if footer:
        embed.set_footer(text=footer[:2048])
    if reply.image is not None:
        embed.set_image(url=f"attachment://{CHART_NAME}")
    return embed


def custom_id(action: str, value: str) -> str:
    return f"drill:{action}:{value}"


class DrillButton(discord.ui.DynamicItem[discord.ui.Button], template=CUSTOM_ID.pattern):  # type: ignore[misc]
    """A button whose state (the action and the round) lives in its custom_id, so it
    works after a restart with nothing kept in memory."""

    def __init__(self, action: str, value: str, label: str = "") -> None:
        style = discord.ButtonStyle.primary if action == "answer" else discord.ButtonStyle.secondary
        super().__init__(discord.ui.Button(label=label or action, custom_id=custom_id(action, value), style=style))
        self.action = action
        self.value = value

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> DrillButton:
        return cls(match["action"], match["value"], item.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        await interaction.client.drill.on_button(interaction, self.action, self.value)  # type: ignore[attr-defined]


def view_for(reply: Reply) -> discord.ui.View | None:
    buttons = list(reply.buttons)
    if reply.kind == "question" and buttons:  # the privileged-intent-free way to answer
        buttons.insert(0, type(buttons[0])("Answer", "answer", buttons[0].value))
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons[:25]:
        view.add_item(DrillButton(button.action, button.value, button.label))
    return view


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """Everything `send` takes for this reply."""
    kwargs: dict[str, Any] = {"embed": embed_for(reply)}
    view = view_for(reply)
    if view is not None:
        kwargs["view"] = view
    if reply.image is not None:
        kwargs["file"] = discord.File(io.BytesIO(reply.image), filename=CHART_NAME)
    return kwargs


def send_kwargs(reply: Reply) -> dict[str, Any]:
    """For channel sends: a keyed card also carries its key as the nonce, which
    discord.py sends with enforce_nonce, so Discord itself turns a repeated POST (a
    retry after a lost answer) into the message it already made."""
    kwargs = message_kwargs(reply)
    if reply.key:
        kwargs["nonce"] = reply.key[:25]
    return kwargs


def carries_key(message: dict[str, Any], key: str) -> bool:
    """Whether a message (as the REST API returns it) is the keyed card."""
    return any(
        (embed.get("footer") or {}).get("text", "").endswith(f"{KEY_MARK}{key}") for embed in message.get("embeds", [])
    )
