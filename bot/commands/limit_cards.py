"""The limits at the commands: the gates `/drill ask` passes (one open practice question
per channel, the per-person cooldown), the cooldown on everything else that posts in the
channel, and `/drill limits`. Every refusal is private and says the limit and when to
try again."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from bot import render
from bot.chat import text
from bot.chat.ports import MessageRef, Reply
from bot.commands import grammar as g
from bot.db.models import Channel, Round
from bot.usecases import cooldown
from bot.usecases.limits import check_value, describe, limits_for, reset_limits, set_limit

if TYPE_CHECKING:
    from bot.commands.handlers import Call

log = logging.getLogger("drillbot.limits")


@dataclass(frozen=True)
class Blocked:
    """The channel's open practice question that refuses a new one, and the limit."""

    open_round: Round
    allowed: int
    asked_new: bool


def admit_ask(session: Session, call: Call, new: bool) -> Blocked | Reply | None:
    """Whether `/drill ask` may open a practice question here: None when it may, else
    why not. Counts the open ones under the channel's row lock, held until the caller's
    transaction (which opens the round) commits, so two processes cannot both take the
    last place. Admins' `new` opens one past the limit."""
    caps = limits_for(session, call.workspace.id)
    already = cooldown.open_practice(session, call.channel.id)
    if len(already) < caps.open_questions or (call.user.is_admin and new):
        return None
    reason = session.get_one(Channel, call.channel.id).paused_reason
    if already[0].status == "pending" and reason:  # stuck until `/drill schedule resume`
        return render.info(f"I can't post here. {reason}")
    return Blocked(already[0], caps.open_questions, new)


def count_ask(session: Session, call: Call) -> Reply | None:
    """Count the ask against its author's cooldown in the transaction that opens the
    round (admins are exempt); the private refusal when they are over it."""
    if call.user.is_admin:
        return None
    caps = limits_for(session, call.workspace.id)
    again = cooldown.take_public_post(session, call.workspace.id, call.member.id, "ask", call.now, caps)
    if again is None:
        return None
    return render.info(_cooldown_text(call, again, caps.cooldown_posts, caps.cooldown_minutes), title="Cooldown")


async def refusal(call: Call, refused: Blocked | Reply) -> Reply:
    """The reply for a refused ask, once its transaction has ended (the link to the
    open question may be a platform call)."""
    if isinstance(refused, Reply):
        return refused
    return await open_question_refusal(call, refused.open_round, refused.asked_new, refused.allowed)


async def open_question_refusal(call: Call, open_round: Round, asked_new: bool, allowed: int) -> Reply:
    """Private: where the open question is (a link where the platform has one) and when
    it is revealed."""
    tz = call.channel.timezone
    what = "A practice question is open here" if allowed == 1 else f"{allowed} practice questions are open here"
    lines = [f"{what}; answer it in its thread."]
    link = await message_link(call, open_round)
    if link:
        lines.append(f"It is here: {text.link(link, 'the open question')}")
    if open_round.status == "pending":
        lines.append("It is being posted right now.")
    elif open_round.reveal_at is not None and open_round.reveal_at <= call.now:
        lines.append("It is being revealed now; ask again in a minute.")
    elif open_round.reveal_at is not None:
        lines.append(
            f"It is revealed at {render.reveal_when(open_round.reveal_at, call.now, tz)}; ask again after that."
        )
    if asked_new:
        lines.append("Only admins can open another while one is open.")
    elif call.user.is_admin:
        lines.append("As an admin you can open another: `/drill ask new`.")
    return render.info("\n".join(lines), title="One question at a time")


async def message_link(call: Call, round_: Round) -> str | None:
    """A link to the round's message from its platform's port, when it has one (Slack's
    permalink, Discord's message URL); local mode has none."""
    port = call.bot.ports.get(call.workspace.platform)
    link = getattr(port, "message_link", None)
    if link is None or not round_.message_id:
        return None
    ref = MessageRef(call.channel.external_id, round_.message_id, round_.thread_id, call.workspace.external_id)
    try:
        found: str | None = await link(ref)
        return found
    except Exception as error:  # noqa: BLE001  (a refusal without its link is still a refusal)
        log.warning("no link to round %s: %s", round_.id, type(error).__name__)
        return None


def _cooldown_text(call: Call, again: datetime, posts: int, minutes: int) -> str:
    tz = call.channel.timezone
    return (
        f"You have made the bot post here {render.plural(posts, 'time')} in the last {minutes} minutes, "
        f"the limit per person. You can post again at {text.time(again, 't', tz)} "
        f"({text.time(again, 'R', tz, call.now)})."
    )


def counted(call: Call, reply: Reply, kind: str) -> Reply:
    """A public reply counts against its author's cooldown (admins are exempt). Over the
    limit, the reply is shown to them alone, saying when they may post again."""
    if reply.private or call.user.is_admin:
        return reply
    with call.bot.session() as session:
        caps = limits_for(session, call.workspace.id)
        again = cooldown.take_public_post(session, call.workspace.id, call.member.id, kind, call.now, caps)
    if again is None:
        return reply
    note = _cooldown_text(call, again, caps.cooldown_posts, caps.cooldown_minutes)
    if reply.image is not None:  # a chart is uploaded to the channel on some platforms: left out
        note += " Ask for the chart again then."
    footer = f"{reply.footer}\n" if reply.footer else ""
    return replace(reply, private=True, image=None, footer=f"{footer}Shown only to you. {note}")


def limits_reply(call: Call, command: g.LimitsCommand, *, usage: bool = False) -> Reply:
    """`/drill limits` (and `/drill help limits`): the limits in force; admins set or
    reset them."""
    if command.action != "show" and not call.user.is_admin:
        return render.info("Only workspace admins can change the limits.")
    workspace_id = call.workspace.id
    with call.bot.session() as session:
        if command.action == "set":
            problem = check_value(command.name or "", command.value or 0)
            if problem:
                return render.info(f"{problem}\nUsage: `{g.USAGE['limits']}`")
            set_limit(session, workspace_id, command.name or "", command.value or 0)
        elif command.action == "reset":
            reset_limits(session, workspace_id, command.name)
        lines = describe(limits_for(session, workspace_id))
    changed = command.action != "show"
    footer = f"Usage: `{g.USAGE['limits']}`" if usage or not changed else ""
    title = "Limits updated" if changed else "Limits"
    return render.list_card(title, lines, footer=footer, private=not changed)

