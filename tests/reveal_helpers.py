"""A round with many answers, for the reveal tests on every platform."""

from __future__ import annotations

from sqlmodel import select

from bot.chat.ports import Tenant, ThreadRef, UserRef
from bot.core import Drillbot
from bot.db.models import Round

ANSWERS = [
    "We split the data into k folds, hold each one out once for scoring, and average the scores.",
    "Use folds and average.",
    "It is more reliable than one split because every example is tested once.",
    "I am not sure, maybe train on everything and test on the training data.",
    "Split into k parts, train on k-1, validate on the rest, repeat k times, average the metric.",
]


def name_of(i: int) -> str:
    return f"Person {i:03d}"


async def answer_many(bot: Drillbot, ctx: Tenant, thread: ThreadRef, n: int, user_id) -> None:  # type: ignore[no-untyped-def]
    """`n` people answer the round in `thread` (`user_id(i)`: their platform id)."""
    for i in range(1, n + 1):
        text = f"{ANSWERS[i % len(ANSWERS)]} (answer {i}, word{i})"
        author = UserRef(user_id(i), name_of(i))
        assert await bot.handle_reply(ctx, thread, author, text, f"{i}{i:06d}") is not None


def the_round(bot: Drillbot) -> Round:
    with bot.session() as session:
        return session.exec(select(Round).order_by(Round.id.desc())).first()  # type: ignore[union-attr]
