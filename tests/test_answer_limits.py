"""Answers a newcomer sends that used to go wrong (issue 14): one far too long, and one
deleted and posted again after a teammate copied it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from bot.chat.text import plain
from bot.db.models import Answer, AnswerMessage, AnswerOrigin, ScoreEvent
from bot.usecases.answers import ReplyOutcome
from tests.helpers import ALICE, BOB, TENANT, make_channel, post_today

GOOD = "You split into folds, hold out each fold once and average the scores."


async def test_an_answer_over_the_limit_is_refused_whole_and_the_author_is_told(bot, port) -> None:
    channel = make_channel(bot, topics="evaluation")
    _round, thread = await post_today(bot, channel)
    long = "folds " * 5000  # 30,000 characters
    assert await bot.handle_reply(TENANT, thread, ALICE, long, "m1") == ReplyOutcome.TOO_LONG
    with bot.session() as session:
        assert session.exec(select(func.count()).select_from(AnswerMessage)).one() == 0
        assert session.exec(select(func.count()).select_from(Answer)).one() == 0
    notice = port.of_kind("private")[-1].reply
    assert notice is not None and notice.title == "Answer too long"
    assert "29,999 characters; answers are at most 4,000" in notice.body and "Nothing was recorded" in notice.body
    exactly = "x" * 4000
    assert await bot.handle_reply(TENANT, thread, ALICE, exactly, "m2") == ReplyOutcome.RECORDED


async def test_an_edit_over_the_limit_keeps_the_previous_text(bot, port) -> None:
    channel = make_channel(bot, topics="evaluation")
    _round, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    assert not await bot.handle_edit(TENANT, thread, "m1", "y" * 4001, ALICE)
    with bot.session() as session:
        assert session.exec(select(AnswerMessage.text)).one() == GOOD
    assert "at most 4,000" in port.of_kind("private")[-1].reply.body  # type: ignore[union-attr]


async def test_the_modal_path_refuses_too(bot) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, _thread = await post_today(bot, channel)
    assert await bot.handle_answer(TENANT, round_.id, ALICE, "z" * 4001, "i1") == ReplyOutcome.TOO_LONG


async def test_deleting_and_reposting_keeps_your_place_so_the_copier_is_flagged(bot, clock, port) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    clock.advance(timedelta(minutes=5))
    await bot.handle_reply(TENANT, thread, BOB, GOOD.upper(), "m2")  # bob copies alice
    clock.advance(timedelta(minutes=5))
    assert await bot.handle_delete(TENANT, thread, "m1")
    clock.advance(timedelta(minutes=5))
    assert await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m3") == ReplyOutcome.RECORDED
    with bot.session() as session:
        assert len(session.exec(select(AnswerOrigin)).all()) == 2  # one per person, the first time kept
    await bot.reveal_round(round_.id)
    rows = [plain(row) for row in port.of_kind("thread")[0].reply.rows]  # type: ignore[union-attr]
    (bob,) = [row for row in rows if "bob" in row]
    (alice,) = [row for row in rows if "alice" in row]
    assert "copied" in bob and "copied" not in alice and "+4 pts" in alice
    with bot.session() as session:
        scorers = set(session.exec(select(ScoreEvent.member_id).where(ScoreEvent.points > 0)).all())
    assert len(scorers) == 1


async def test_a_review_answer_over_the_limit_is_refused_before_grading(bot) -> None:
    from tests.helpers import GENERAL

    make_channel(bot)
    reply = await bot.handle_command(TENANT, GENERAL, ALICE, "answer " + "w" * 4001)
    assert reply.title == "Answer too long" and "at most 4,000" in reply.body and reply.private
