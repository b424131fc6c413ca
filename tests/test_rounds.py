"""A daily round from post to reveal: exactly once, answers joined, points once."""

from __future__ import annotations

import asyncio

from sqlmodel import func, select

from bot.chat.text import plain
from bot.db.models import Answer, AnswerMessage, ScoreEvent
from bot.usecases.answers import ReplyOutcome
from tests.helpers import ALICE, BOB, GENERAL, MONDAY, TENANT, make_channel, post_today, rounds_in, shown

GOOD = "You split into folds, hold out each fold once and average the scores."


async def test_daily_round_is_posted_once_per_channel_and_day(bot, port) -> None:
    channel = make_channel(bot)
    assert await bot.post_daily(channel, MONDAY)
    assert not await bot.post_daily(channel, MONDAY)
    assert len(rounds_in(bot, channel)) == 1
    assert len(port.of_kind("post")) == 1
    card = port.of_kind("post")[0].reply
    assert card.kind == "question" and card.title == "Question of the day"
    assert [b.action for b in card.buttons] == ["hint", "reveal", "another"]


async def test_concurrent_daily_posts_make_one_round(bot, port) -> None:
    channel = make_channel(bot)
    results = await asyncio.gather(*(bot.post_daily(channel, MONDAY) for _ in range(5)))
    assert results.count(True) == 1
    assert len(port.of_kind("post")) == 1


async def test_replies_join_into_one_answer_and_count_once(bot, port) -> None:
    channel = make_channel(bot)
    round_, thread = await post_today(bot, channel)
    assert await bot.handle_reply(TENANT, thread, ALICE, "You split into folds,", "m1") == ReplyOutcome.RECORDED
    assert await bot.handle_reply(TENANT, thread, ALICE, "then average the scores", "m2") == ReplyOutcome.JOINED
    assert await bot.handle_reply(TENANT, thread, ALICE, "then average the scores", "m2") == ReplyOutcome.DUPLICATE
    with bot.session() as session:
        assert session.exec(select(func.count()).select_from(Answer)).one() == 1
        assert session.exec(select(func.count()).select_from(AnswerMessage)).one() == 2


async def test_reply_outside_a_round_thread_is_ignored(bot) -> None:
    from bot.chat.ports import ThreadRef

    channel = make_channel(bot)
    await post_today(bot, channel)
    assert await bot.handle_reply(TENANT, ThreadRef("C1", "999.000"), ALICE, GOOD, "m1") is None


async def test_reveal_grades_and_awards_points_once(bot, port) -> None:
    channel = make_channel(bot)
    round_, thread = await post_today(bot, channel)
    question_id = round_.question_id
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.handle_reply(TENANT, thread, BOB, "no idea really", "m2")
    results = await asyncio.gather(bot.reveal_round(round_.id), bot.reveal_round(round_.id))
    assert sorted(results) == [False, True]
    assert not await bot.reveal_round(round_.id)
    reveal = port.of_kind("thread")
    assert len(reveal) == 1 and reveal[0].reply.kind == "reveal"
    names = [plain(row).split(". ", 1)[1].split(" — ")[0] for row in reveal[0].reply.rows]
    assert sorted(names) == ["alice", "bob"]
    assert [b.action for b in reveal[0].reply.buttons] == ["feedback"]
    with bot.session() as session:
        events = session.exec(select(ScoreEvent.member_id, ScoreEvent.reason, ScoreEvent.points)).all()
    assert len(events) == len(set((m, r) for m, r, _ in events))
    assert sum(p for _, r, p in events if r == "answer") == 2
    assert question_id


async def test_full_coverage_earns_three_coverage_points(bot, port) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    assert round_.question_id == "test-folds"
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.reveal_round(round_.id)
    with bot.session() as session:
        answer = session.exec(select(Answer)).one()
        points = dict(session.exec(select(ScoreEvent.reason, ScoreEvent.points)).all())
    assert answer.score == 1.0 and answer.missed == []
    assert points == {"answer": 1, "coverage": 3}
    (row,) = port.of_kind("thread")[0].reply.rows
    assert plain(row).split("\n")[0] == "1. alice — 100% · +4 pts"  # the details are private: alice's feedback
    assert plain(row).split("\n")[1] == f"    “{GOOD}”"  # her answer beside her grade, for everyone to learn from
    mine = shown(await bot.handle_button(TENANT, GENERAL, ALICE, "feedback", str(round_.id)))
    for point in ("split into folds", "hold out each fold", "average the scores"):
        assert f"✓ covered — {point}" in mine


async def test_edit_before_reveal_counts(bot) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, "something vague", "m1")
    assert await bot.handle_edit(TENANT, thread, "m1", GOOD)
    await bot.reveal_round(round_.id)
    with bot.session() as session:
        assert session.exec(select(Answer.score)).one() == 1.0


async def test_deleting_the_only_reply_removes_the_answer(bot) -> None:
    channel = make_channel(bot)
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.handle_reply(TENANT, thread, BOB, "first part", "m2")
    await bot.handle_reply(TENANT, thread, BOB, "second part", "m3")
    assert await bot.handle_delete(TENANT, thread, "m1")
    assert await bot.handle_delete(TENANT, thread, "m2")
    assert not await bot.handle_delete(TENANT, thread, "m1")
    with bot.session() as session:
        assert session.exec(select(func.count()).select_from(Answer)).one() == 1
    await bot.reveal_round(round_.id)
    with bot.session() as session:
        reasons = session.exec(select(ScoreEvent.reason)).all()
    assert reasons.count("answer") == 1


async def test_replies_after_the_reveal_are_kept_but_earn_nothing(bot) -> None:
    channel = make_channel(bot)
    round_, thread = await post_today(bot, channel)
    await bot.reveal_round(round_.id)
    assert await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1") == ReplyOutcome.LATE
    with bot.session() as session:
        assert session.exec(select(Answer.late)).one() is True
        assert session.exec(select(func.count()).select_from(ScoreEvent)).one() == 0


async def test_graded_reply_cannot_change_after_the_reveal(bot) -> None:
    channel = make_channel(bot)
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.reveal_round(round_.id)
    assert not await bot.handle_edit(TENANT, thread, "m1", "changed my mind")
    assert not await bot.handle_delete(TENANT, thread, "m1")


async def test_a_failed_post_leaves_the_round_pending_and_a_retry_posts_it_once(bot, port) -> None:
    channel = make_channel(bot)
    port.fail_next(3)  # every attempt of the first publish fails
    assert await bot.post_daily(channel, MONDAY)
    (round_,) = rounds_in(bot, channel)
    assert round_.status == "pending" and round_.attempts == 1
    assert port.of_kind("post") == []
    assert await bot.publish_round(round_.id) is not None
    assert await bot.publish_round(round_.id) is None
    assert len(port.of_kind("post")) == 1
    assert rounds_in(bot, channel)[0].status == "posted"


async def test_a_failed_reveal_post_is_retried_without_regrading(bot, port) -> None:
    channel = make_channel(bot)
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    port.fail_next(3)
    assert await bot.reveal_round(round_.id)
    assert port.of_kind("thread") == []
    assert await bot.publish_reveal(round_.id)
    assert not await bot.publish_reveal(round_.id)
    assert len(port.of_kind("thread")) == 1
    with bot.session() as session:
        assert session.exec(select(func.count()).where(ScoreEvent.reason == "answer")).one() == 1


async def test_tenants_do_not_see_each_others_threads(bot) -> None:
    from tests.helpers import OTHER_TENANT

    channel = make_channel(bot)
    make_channel(bot, tenant=OTHER_TENANT)
    _, thread = await post_today(bot, channel)
    assert await bot.handle_reply(OTHER_TENANT, thread, ALICE, GOOD, "m1") is None


async def test_a_question_removed_from_the_bank_keeps_old_rounds_working(bot, tmp_path) -> None:
    from bot.bank.loader import load_bank
    from bot.bank.sync import sync_bank

    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    empty = tmp_path / "empty.yaml"
    empty.write_text("questions: []\n", encoding="utf-8")
    assert sync_bank(bot.engine, load_bank([empty]), bot.clock.now()).retired == 4
    assert await bot.reveal_round(round_.id)
    board = await bot.handle_command(TENANT, GENERAL, ALICE, "leaderboard")
    assert plain(board.rows[0]).startswith("1. alice — 4 pts")


async def test_a_copied_reply_is_flagged_at_the_reveal_and_earns_nothing(bot, port) -> None:
    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    await bot.handle_reply(TENANT, thread, BOB, GOOD.upper(), "m2")
    await bot.reveal_round(round_.id)
    with bot.session() as session:
        by_reason = session.exec(select(ScoreEvent.member_id, ScoreEvent.reason, ScoreEvent.points)).all()
    assert len({member for member, _, points in by_reason if points}) == 1  # only alice scored
    assert sorted(reason for _, reason, points in by_reason if not points) == ["answer"]  # bob answered, for 0
    rows = [plain(row).split("\n")[0] for row in port.of_kind("thread")[0].reply.rows]
    assert rows == ["1. alice — 100% · +4 pts", "2. bob — 0% · +0 pts · copied"]
    bobs = shown(await bot.handle_command(TENANT, GENERAL, BOB, "feedback"))
    assert "matches a teammate's earlier reply" in bobs and "+0 pts" in bobs


async def test_kudos_from_teammates_count_once_each_capped_and_never_from_yourself(bot) -> None:
    from tests.helpers import BOSS, CAROL

    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    react = bot.handle_reaction
    assert not await react(TENANT, "C1", "m1", ALICE, "+1", True)  # own answer
    assert not await react(TENANT, "C1", "m1", BOB, "eyes", True)  # not a kudos emoji
    assert not await react(TENANT, "C1", "nope", BOB, "+1", True)  # not an answer
    assert await react(TENANT, "C1", "m1", BOB, "+1", True)
    assert not await react(TENANT, "C1", "m1", BOB, "clap", True)  # one per giver
    assert await react(TENANT, "C1", "m1", CAROL, "clap", True)
    assert await react(TENANT, "C1", "m1", CAROL, "clap", False)  # taken back
    assert await react(TENANT, "C1", "m1", BOSS, "fire", True)
    await bot.reveal_round(round_.id)
    assert not await react(TENANT, "C1", "m1", CAROL, "+1", True)  # after the reveal
    with bot.session() as session:
        points = dict(session.exec(select(ScoreEvent.reason, ScoreEvent.points)).all())
    assert points == {"answer": 1, "coverage": 3, "kudos": 2}


async def test_kudos_are_capped_per_answer(bot) -> None:
    from bot.chat.ports import UserRef

    channel = make_channel(bot, topics="evaluation")
    round_, thread = await post_today(bot, channel)
    await bot.handle_reply(TENANT, thread, ALICE, GOOD, "m1")
    for n in range(5):
        assert await bot.handle_reaction(TENANT, "C1", "m1", UserRef(f"F{n}", f"fan{n}"), "+1", True)
    await bot.reveal_round(round_.id)
    with bot.session() as session:
        assert session.exec(select(ScoreEvent.points).where(ScoreEvent.reason == "kudos")).one() == 3


async def test_the_core_reconnects_after_the_database_drops_its_connections(bot, database_url) -> None:
    """PostgreSQL restarted: every pooled connection is dead; the next request must
    reconnect (pool_pre_ping) and the answer must be recorded."""
    from sqlalchemy import text

    from bot.db.engine import make_engine

    channel = make_channel(bot)
    _, thread = await post_today(bot, channel)
    if bot.engine.dialect.name == "postgresql":
        killer = make_engine(database_url)
        with killer.connect() as conn:
            killed = conn.execute(
                text(
                    "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                    "where datname = current_database() and pid <> pg_backend_pid() and usename = current_user"
                )
            ).scalar()
            conn.commit()
        killer.dispose()
        assert killed >= 1
    assert await bot.handle_reply(TENANT, thread, ALICE, GOOD, "after-restart") == ReplyOutcome.RECORDED
    with bot.session() as session:
        assert session.exec(select(AnswerMessage.message_id)).all() == ["after-restart"]
