"""Issue #16, adaptive questions: a channel's weakest topics (last four weeks) come up
more often but never only them; `/drill ask` with no topic leans to the asker's weak
topics and first offers their most overdue review card (unless answered lately)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.bank import adaptive
from bot.bank.selection import choose_question
from bot.db.models import Answer, Channel, Member, Question, ReviewCard, Round
from tests.helpers import ALICE, GENERAL, TENANT, make_channel, rounds_in


@pytest.fixture
def bank_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "content"  # the real bank: several questions per topic


def graded(bot, channel_id: int, question_id: str, score: float, days_ago: int = 1, member_id: int = 1) -> None:  # type: ignore[no-untyped-def]
    """A revealed practice round of `question_id` in the channel, answered with `score`."""
    at = bot.clock.now() - timedelta(days=days_ago)
    with bot.session() as session:
        round_ = Round(
            workspace_id=1,
            channel_id=channel_id,
            question_id=question_id,
            kind="practice",
            status="revealed",
            created_at=at,
            posted_at=at,
            revealed_at=at,
        )
        session.add(round_)
        session.flush()
        session.add(
            Answer(workspace_id=1, round_id=round_.id, member_id=member_id, score=score, created_at=at, updated_at=at)  # type: ignore[arg-type]
        )


def first_of(bot, topic: str) -> str:  # type: ignore[no-untyped-def]
    with bot.session() as session:
        return session.exec(select(Question.id).where(Question.topic == topic).order_by(Question.id)).first()  # type: ignore[return-value]


async def test_weakest_topics_come_up_more_often_but_not_only(bot) -> None:
    channel = make_channel(bot)
    await bot.handle_command(TENANT, GENERAL, ALICE, "stats")  # alice is a member
    graded(bot, channel, first_of(bot, "evaluation"), 0.1)
    graded(bot, channel, first_of(bot, "mlops"), 0.9)
    graded(bot, channel, first_of(bot, "data"), 0.95, days_ago=40)  # too old to count
    with bot.session() as session:
        assert adaptive.weakest_first(session, bot.clock.now(), channel_id=channel) == ["evaluation", "mlops"]

    def picks(pick: str) -> Counter[str]:
        with bot.session() as session:
            row = session.get_one(Channel, channel)
            row.pick = pick
            session.add(row)
        with bot.session() as session:
            return Counter(
                choose_question(session, channel, seed=f"s{i}", now=bot.clock.now()).topic  # type: ignore[union-attr]
                for i in range(60)
            )

    adaptive_picks, random_picks = picks("adaptive"), picks("random")
    assert adaptive_picks["evaluation"] >= 20  # about one pick in two
    assert random_picks["evaluation"] < 10  # the plain rotation: its turn like any topic
    assert sum(adaptive_picks.values()) - adaptive_picks["evaluation"] >= 20  # never only them


async def test_ask_offers_the_most_overdue_review_card_unless_answered_lately(bot) -> None:
    channel = make_channel(bot)
    await bot.handle_command(TENANT, GENERAL, ALICE, "stats")
    old, recent = first_of(bot, "coding"), first_of(bot, "behavioral")
    graded(bot, channel, old, 0.3, days_ago=45)
    graded(bot, channel, recent, 0.3, days_ago=3)
    with bot.session() as session:
        member = session.exec(select(Member)).one()
        for question_id, due in ((recent, 10), (old, 5)):  # the recent one is more overdue, but was answered lately
            session.add(
                ReviewCard(
                    workspace_id=1,
                    member_id=member.id,
                    question_id=question_id,
                    due=bot.clock.now() - timedelta(days=due),
                    state={},
                )  # type: ignore[arg-type]
            )
    reply = await bot.handle_command(TENANT, GENERAL, ALICE, "ask")
    assert "Practice question posted" in reply.body
    assert rounds_in(bot, channel)[-1].question_id == old
    await bot.handle_command(TENANT, GENERAL, ALICE, "reveal")  # one open practice question per channel
    chosen = await bot.handle_command(TENANT, GENERAL, ALICE, "ask data")  # a topic named: no review card
    assert "Practice question posted" in chosen.body
    with bot.session() as session:
        assert session.get_one(Question, rounds_in(bot, channel)[-1].question_id).topic == "data"
