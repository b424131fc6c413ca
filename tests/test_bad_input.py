"""Every bad input of issue 13 gets a clear reply or a `file:line` error, and loses nothing."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from bot.bank.loader import load_bank
from bot.chat.ports import UserRef
from bot.commands.grammar import whole_number
from bot.commands.handlers import PRACTICE_REVEAL_REFUSED
from bot.db.models import AnswerMessage, Member, Workspace
from bot.send_once import CLOCK_SKEW_MARGIN
from tests.helpers import ALICE, BOB, BOSS, GENERAL, TENANT, make_channel, post_today

ANSWER = "You split into folds, hold out each fold once and average the scores."


async def command(bot, text, user=BOSS):  # type: ignore[no-untyped-def]
    return await bot.handle_command(TENANT, GENERAL, user, text)


async def test_a_superscript_digit_is_not_a_number(bot) -> None:
    reply = await command(bot, "points set answer ²")
    assert reply.kind == "usage" and "`²` is not a whole number" in reply.body
    assert whole_number("²") is None and whole_number("٣") is None and whole_number("12") == 12
    reply = await bot.handle_button(TENANT, GENERAL, ALICE, "hint", "²")
    assert "no longer available" in reply.body
    with bot.session() as session:
        assert session.exec(select(Workspace.points_answer)).all() in ([], [None])


async def test_nul_bytes_are_stripped_and_the_answer_is_kept(bot, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    channel = make_channel(bot)
    _round, thread = await post_today(bot, channel)
    nul_name = UserRef("U7", "da\x00ve")
    assert await bot.handle_reply(TENANT, thread, nul_name, "You split\x00 into folds", "m1") is not None
    await bot.handle_edit(TENANT, thread, "m1", ANSWER + "\x00")
    with bot.session() as session:
        (text,) = session.exec(select(AnswerMessage.text)).all()
        names = set(session.exec(select(Member.display_name)))
    assert text == ANSWER and "dave" in names
    reply = await command(bot, "help\x00")
    assert reply.kind == "usage"
    assert ANSWER not in caplog.text and "folds" not in caplog.text


async def test_a_non_asker_is_told_who_may_reveal_a_practice_round(bot) -> None:
    await command(bot, "ask medical-imaging", ALICE)
    assert (await command(bot, "reveal", BOB)).body == PRACTICE_REVEAL_REFUSED
    assert "Revealed" in (await command(bot, "reveal", ALICE)).body


async def test_the_keyed_send_lookup_allows_for_clock_skew(bot, port) -> None:
    """The platform's clock may run minutes behind ours: the look-up starts early enough."""
    assert timedelta(minutes=2) <= CLOCK_SKEW_MARGIN
    seen: list = []
    original = port.find_sent

    async def find_sent(place, key, since, thread_id=None):  # type: ignore[no-untyped-def]
        seen.append(since)
        return await original(place, key, since, thread_id)

    port.find_sent = find_sent
    channel = make_channel(bot)
    port.fail_next(1)  # the first send fails; the retry asks the platform first
    assert await bot.post_daily(channel, bot.clock.now().date())
    assert seen and all(bot.clock.now() - s >= CLOCK_SKEW_MARGIN for s in seen)


def test_duplicate_yaml_keys_are_rejected_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(
        "questions:\n"
        "  - id: q-dup\n"
        "    topic: evaluation\n"
        "    kind: concept\n"
        "    difficulty: 2\n"
        "    prompt: What is a confusion matrix?\n"
        "    answer: first\n"
        "    answer: second\n"
        "    key_points: [alpha, beta, gamma]\n"
        "    sources: [original]\n",
        encoding="utf-8",
    )
    bank = load_bank([path])
    assert not bank.ok
    assert [str(e) for e in bank.errors] == [f"{path}:8: duplicate key 'answer' (first at line 7)"]
