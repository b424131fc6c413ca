"""The core's Replies as Discord embeds, buttons and files.

Every text is rendered by `markdown` (adapters/discord/markdown.py). The people a reply
mentions go in the message content (mentions in an embed never notify), with
`allowed_mentions` naming exactly them: never @everyone, @here or a role. Nothing
is cut here: `pages` splits a reply into messages within Discord's limits
(adapters/discord/limits.py).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

import discord

from adapters.discord import limits
from adapters.discord.markdown import SNOWFLAKE, markdown, mention
from adapters.discord.markdown import mentioned as mentioned_in
from adapters.discord.syntax import reply_in_discord_syntax
from bot.chat.paging import paginate
from bot.chat.ports import Button, Reply
from bot.chat.text import plain, said

if TYPE_CHECKING:
    from adapters.discord.app import DrillClient

COLOURS = {"question": 0x3B6EA8, "reveal": 0x2E9E6A, "leaderboard": 0xE0A030, "summary": 0xE0A030}
CHART_NAME = "drillbot-chart.png"
CUSTOM_ID = re.compile(r"drill:(?P<action>[a-z-]+):(?P<value>\d+)")
KEY_MARK = " · ref "  # keyed messages end their footer with it, so find_sent can recognise them


KEY_RESERVE = "k" * 32  # room kept in the footer for a part's key while measuring


def label(text: str, limit: int) -> str:
    """Only for our own labels (buttons: plain text), never for content."""
    text = plain(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def heading(text: str, limit: int) -> str:
    """A title or a field name in markdown, shortened (shown literally) when only our
    own long labels would not fit."""
    rendered = markdown(text, timestamps=False)
    words, size = plain(text), limit - 1
    while len(rendered) > limit and size > 0:
        rendered, size = markdown(said(words[:size])) + "…", size * 3 // 4
    return rendered if len(rendered) <= limit else "…"


def embed_for(reply: Reply) -> discord.Embed:
    reply = reply_in_discord_syntax(reply)  # commands as Discord's options (adapters/discord/syntax.py)
    rows = "\n".join(markdown(r) for r in reply.rows)
    description = "\n\n".join(t for t in (markdown(reply.body), rows) if t)
    embed = discord.Embed(
        title=heading(reply.title, limits.TITLE) or None,
        description=description or None,
        colour=COLOURS.get(reply.kind, 0x777777),
    )
    for field in reply.fields:
        embed.add_field(
            name=heading(field.name, limits.FIELD_NAME) or "\u200b",
            value=markdown(field.value) or "—",
            inline=field.inline,
        )
    footer = plain(reply.footer) + (f"{KEY_MARK}{reply.key}" if reply.key else "")
    if footer:
        embed.set_footer(text=footer)
    if reply.image is not None:
        embed.set_image(url=f"attachment://{CHART_NAME}")
    return embed


def mentioned(reply: Reply) -> list[str]:
    """Everyone the reply mentions (its `mentions`, then those named in its text), once."""
    texts = [reply.title, reply.body, *(f.value for f in reply.fields), *reply.rows, reply.footer]
    found = [m for m in reply.mentions if SNOWFLAKE.match(m)] + [m for t in texts for m in mentioned_in(t)]
    return list(dict.fromkeys(found))


def content_for(reply: Reply) -> str:
    """The people to notify, as mentions in the content, where Discord notifies."""
    return " ".join(mention(m) for m in mentioned(reply))


def allowed_mentions(reply: Reply) -> discord.AllowedMentions:
    users = [discord.Object(id=int(m)) for m in mentioned(reply)]
    return discord.AllowedMentions(everyone=False, roles=False, replied_user=False, users=users or False)


def payload_for(reply: Reply) -> dict[str, Any]:
    """The message as Discord's REST API receives it (for the limits check)."""
    buttons = [{"type": 2, "label": label(b.label, limits.BUTTON_LABEL)} for b in view_buttons(reply)]
    rows = [buttons[i : i + limits.BUTTONS_PER_ROW] for i in range(0, len(buttons), limits.BUTTONS_PER_ROW)]
    return {
        "content": content_for(reply),
        "embeds": [embed_for(reply).to_dict()],
        "components": [{"type": 1, "components": row} for row in rows],
    }


def fits(reply: Reply) -> bool:
    return not limits.violations(payload_for(replace(reply, key=reply.key or KEY_RESERVE)))


def pages(reply: Reply) -> list[Reply]:
    """The reply as Discord messages, each within the limits; nothing dropped."""
    return paginate(reply, fits)


def custom_id(action: str, value: str) -> str:
    return f"drill:{action}:{value}"


class DrillButton(discord.ui.DynamicItem[discord.ui.Button], template=CUSTOM_ID.pattern):
    """A button whose state (the action and the round) lives in its custom_id, so it
    works after a restart with nothing kept in memory."""

    def __init__(self, action: str, value: str, label: str = "") -> None:
        style = discord.ButtonStyle.primary if action == "answer" else discord.ButtonStyle.secondary
        super().__init__(discord.ui.Button(label=label or action, custom_id=custom_id(action, value), style=style))
        self.action = action
        self.value = value

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DrillButton:
        button = cast(discord.ui.Button[Any], item)  # a DynamicItem[Button]'s item is its button
        return cls(match["action"], match["value"], button.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        handlers = cast("DrillClient", interaction.client).drill
        assert handlers is not None, "attach() sets the handlers before the client connects"
        await handlers.on_button(interaction, self.action, self.value)


def view_buttons(reply: Reply) -> list[Button]:
    buttons = list(reply.buttons)
    # the privileged-intent-free way to answer (a private round's card has it already)
    if reply.kind == "question" and buttons and all(b.action != "answer" for b in buttons):
        buttons.insert(0, Button("Answer", "answer", buttons[0].value))
    return buttons


def view_for(reply: Reply) -> discord.ui.View | None:
    buttons = view_buttons(reply)
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(DrillButton(button.action, button.value, label(button.label, limits.BUTTON_LABEL)))
    return view


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """Everything `send` takes for this reply."""
    kwargs: dict[str, Any] = {"embed": embed_for(reply), "allowed_mentions": allowed_mentions(reply)}
    if mentioned(reply):
        kwargs["content"] = content_for(reply)
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
