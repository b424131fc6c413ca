"""Discord's state-changing events go through the durable inbox: a replayed event is
stored once, and a row a crashed process left pending is processed by the pump."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from bot.db.models import AnswerMessage, InboxItem
from bot.inbox import InboxPolicy, InboxPump
from tests.discord.test_discord_e2e import GOOD, post_question


async def test_replies_are_stored_once_and_a_pending_one_is_taken_over(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    _, thread = await post_question(discord, clock)
    said = await fake.say(thread, "11", GOOD)
    await fake.dispatch("MESSAGE_CREATE", said)  # replayed after a resume
    await discord.until(lambda s: s.exec(select(func.count()).select_from(AnswerMessage)).one(), 1)
    await discord.until(lambda s: s.exec(select(InboxItem.kind, InboxItem.status)).all(), [("reply", "done")])
    with discord.bot.session() as session:  # the guild is the row's tenant: `workspace delete` removes it
        tenant = session.exec(select(InboxItem.source, InboxItem.workspace_external_id)).one()
    assert tenant == ("discord", fake.guild_id)
    await fake.say(fake.channel_id, "11", "not in a round's thread: never stored")

    # A process stored Bob's reply and died before processing it.
    intake = discord.client.drill.intake
    intake.inbox.policy = InboxPolicy(lease=timedelta(seconds=1), settle=timedelta(0))
    payload = {"guild": fake.guild_id, "thread": thread, "user": ["12", "Bob"], "text": "Use folds.", "id": "999"}
    assert intake.inbox.put("message:999", "reply", payload) is not None
    assert await InboxPump(intake.inbox, intake.submit, intake.queued).pump_once() == 1
    await discord.until(lambda s: sorted(s.exec(select(AnswerMessage.message_id))), sorted([said["id"], "999"]))
    await discord.until(lambda s: s.exec(select(func.count()).select_from(InboxItem)).one(), 2)
    await discord.until(
        lambda s: s.exec(select(func.count()).select_from(InboxItem).where(InboxItem.status == "done")).one(), 2
    )
