"""Issue #16, private answers in the core: the channel setting and `ask ... private`,
the answer box (a new submission replaces it until the reveal, thread replies still
join), and every reveal showing each person's answer, first 300 characters."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.chat.ports import ThreadRef
from bot.db.models import AnswerMessage, Channel
from bot.usecases.answers import ReplyOutcome
from tests.helpers import ALICE, BOB, BOSS, GENERAL, MONDAY, TENANT, make_channel, post_today, rounds_in
from tests.helpers import shown as text_of


async def command(bot, text: str, user=BOSS):  # type: ignore[no-untyped-def]
    return await bot.handle_command(TENANT, GENERAL, user, text)


async def test_schedule_set_answers_private_makes_daily_cards_private(bot, port) -> None:
    make_channel(bot)
    changed = await command(bot, "schedule set 09:00 UTC answers private pick random")
    assert "Answers: private" in changed.body and "in rotation" in changed.body
    with bot.session() as session:
        channel = session.exec(select(Channel)).one()
        assert (channel.answers, channel.pick) == ("private", "random")
    round_, _ = await post_today(bot, channel.id)  # type: ignore[arg-type]
    card = port.of_kind("post")[-1].reply
    assert card.buttons[0].action == "answer" and "Answers are private here" in card.footer
    assert round_.private
    again = await command(bot, "schedule set 09:00 UTC")  # the documented defaults for what was not typed
    assert "Answers: in the thread" in again.body and "adaptive" in again.body


async def test_bad_answers_and_pick_values_get_the_usage_line(bot) -> None:
    make_channel(bot)
    for text, problem in [
        ("schedule set 09:00 answers hidden", "`answers` is thread or private, not `hidden`"),
        ("schedule set 09:00 pick smart", "`pick` is adaptive or random, not `smart`"),
        ("schedule set 09:00 answers", "`answers` needs a value"),
    ]:
        reply = await command(bot, text)
        assert reply.kind == "usage" and problem in reply.body, reply.body
        assert "answers thread|private" in reply.body


async def test_the_answer_box_replaces_until_the_reveal_and_thread_replies_join(bot, port) -> None:
    make_channel(bot)
    asked = await command(bot, "ask evaluation private", ALICE)
    assert "Answer button" in asked.body
    round_ = rounds_in(bot, 1)[-1]
    assert round_.private and port.of_kind("post")[-1].reply.buttons[0].action == "answer"
    assert await bot.handle_answer(TENANT, round_.id, BOB, "first", "i1") == ReplyOutcome.RECORDED
    assert await bot.handle_answer(TENANT, round_.id, BOB, "second", "i2") == ReplyOutcome.CHANGED
    assert await bot.handle_answer(TENANT, round_.id, BOB, "second", "i2") == ReplyOutcome.CHANGED  # a retry: same
    thread = ThreadRef(GENERAL.id, round_.thread_id)  # type: ignore[arg-type]
    assert await bot.handle_reply(TENANT, thread, BOB, "and a reply", "m1") == ReplyOutcome.JOINED
    with bot.session() as session:
        assert sorted(session.exec(select(AnswerMessage.text))) == ["and a reply", "second"]
    long = "folds " * 80
    await bot.handle_answer(TENANT, round_.id, ALICE, long, "i3")
    assert "Revealed" in (await command(bot, "reveal", ALICE)).body
    reveal = text_of(port.of_kind("thread")[-1].reply)
    assert "“second and a reply”" in reveal
    assert ("folds " * 50)[:299].strip() in reveal and "folds " * 51 not in reveal and "…" in reveal
    late = await bot.handle_answer(TENANT, round_.id, BOB, "after the reveal", "i4")
    assert late == ReplyOutcome.LATE  # kept, the graded text stands
    with bot.session() as session:
        assert "second" in session.exec(select(AnswerMessage.text)).all()


async def test_thread_rounds_show_answers_at_the_reveal_too(bot, port, clock) -> None:
    channel = make_channel(bot)
    round_, thread = await post_today(bot, channel, MONDAY)
    await bot.handle_reply(TENANT, thread, ALICE, "Split into folds.", "m1")
    clock.advance(timedelta(hours=9))
    await bot.reveal_round(round_.id)  # type: ignore[arg-type]
    assert "“Split into folds.”" in text_of(port.of_kind("thread")[-1].reply)
