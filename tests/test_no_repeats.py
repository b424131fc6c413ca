"""Issue #16, no repeats for people: `/drill ask` avoids what the asker answered in the
last 30 days, in any channel of the workspace, while the pool has others; a question
that comes back says so on its card."""

from __future__ import annotations

from datetime import timedelta

from bot.chat.ports import ChannelRef, ThreadRef
from bot.core import Drillbot
from tests.helpers import ALICE, BOB, TENANT, make_channel, rounds_in
from tests.helpers import shown as text_of

OTHER = ChannelRef("C2", "other")
ANSWER = "I would explain the idea, give an example and say where it breaks."
COMES_BACK = "This question comes back"


async def ask_and_answer(bot: Drillbot, channel: ChannelRef, channel_id: int, user=ALICE) -> str:  # type: ignore[no-untyped-def]
    reply = await bot.handle_command(TENANT, channel, user, "ask")
    assert "Practice question posted" in reply.body, reply.body
    round_ = rounds_in(bot, channel_id)[-1]
    await bot.handle_reply(TENANT, ThreadRef(channel.id, round_.thread_id), user, ANSWER, f"m{round_.id}")  # type: ignore[arg-type]
    await bot.handle_command(TENANT, channel, user, "reveal")  # one open practice question per channel (issue 24)
    bot.clock.advance(timedelta(minutes=5))
    return round_.question_id


async def test_ask_never_repeats_what_the_asker_answered_lately_while_the_pool_has_others(bot, port) -> None:
    from tests.helpers import GENERAL

    general, other = make_channel(bot), make_channel(bot, channel=OTHER)
    first = await ask_and_answer(bot, GENERAL, general)
    seen = [first]
    for _ in range(3):  # the test bank has 4 questions: the other 3 come first, in another channel
        seen.append(await ask_and_answer(bot, OTHER, other))
    assert len(set(seen)) == 4, seen
    cards = [s.reply for s in port.of_kind("post") if s.reply.kind == "question"]
    assert not any(COMES_BACK in text_of(c) for c in cards)
    again = await ask_and_answer(bot, OTHER, other)  # the pool is used up: a question comes back, and says so
    assert again in seen
    assert COMES_BACK in text_of([s.reply for s in port.of_kind("post")][-1])


async def test_a_teammate_still_gets_the_channels_next_question(bot) -> None:
    from tests.helpers import GENERAL

    general = make_channel(bot)
    mine = await ask_and_answer(bot, GENERAL, general)
    theirs = await ask_and_answer(bot, GENERAL, general, BOB)
    assert theirs != mine  # the channel's own rule: no repeat until its pool is used up


async def test_after_thirty_days_an_answered_question_may_come_back(bot) -> None:
    from tests.helpers import GENERAL

    general, other = make_channel(bot), make_channel(bot, channel=OTHER)
    first = await ask_and_answer(bot, GENERAL, general)
    bot.clock.advance(timedelta(days=31))
    picks = {await ask_and_answer(bot, OTHER, other) for _ in range(4)}
    assert first in picks
