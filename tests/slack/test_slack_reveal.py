"""A reveal of any size on Slack, against a fake that refuses what Slack refuses
(`invalid_blocks`, `msg_too_long`, 429 on bursts); each person's feedback in private."""

from __future__ import annotations

import asyncio
import json
import re
import time
from datetime import timedelta

import pytest
from sqlmodel import func, select

from bot.chat.ports import Tenant, ThreadRef
from bot.db.models import Answer
from bot.scheduling.due import tick
from tests.fakes.platform_limits import slack_mentions
from tests.reveal_helpers import answer_many, name_of, the_round
from tests.slack.test_slack_e2e import ask_and_get_thread


def blocks_text(params: dict) -> str:  # type: ignore[type-arg]
    """What a message shows: its text and its blocks, Unicode as is."""
    blocks = params.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return (params.get("text") or "") + json.dumps(blocks, ensure_ascii=False)


def reveal_messages(fake, thread: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return [
        m
        for m in fake.posted("C1")
        if m.get("thread_ts") == thread
        and (m.get("metadata") or {}).get("event_payload", {}).get("key", "").startswith("reveal-")
    ]


def text_of(fake, message: dict) -> str:  # type: ignore[no-untyped-def,type-arg]
    (call,) = [c for c in fake.calls_to("chat.postMessage") if c.get("ts") == message["ts"] or _same(c, message)]
    return blocks_text(call)


def _same(call: dict, message: dict) -> bool:  # type: ignore[type-arg]
    metadata = call.get("metadata")
    metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
    return metadata == message.get("metadata")


@pytest.mark.parametrize("answers", [1, 20, 60, 300])
async def test_a_reveal_of_any_size_shows_everyone_once(slack, answers: int) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    thread = await ask_and_get_thread(slack)
    await answer_many(slack.bot, Tenant("slack", "T1"), ThreadRef("C1", thread), answers, lambda i: f"UP{i:05d}")
    round_id = the_round(slack.bot).id
    assert await slack.command("UBOSS", "reveal") == 200
    await fake.wait_for(lambda: any("Revealed" in blocks_text(r) for r in fake.responses), timeout=30)

    parts = reveal_messages(fake, thread)
    keys = [m["metadata"]["event_payload"]["key"] for m in parts]
    assert keys == [f"reveal-{round_id}"] + [f"reveal-{round_id}-{i}" for i in range(2, len(parts) + 1)]
    assert fake.refused == []
    text = "\n".join(text_of(fake, m) for m in parts)
    for i in range(1, answers + 1):
        assert len(re.findall(re.escape(name_of(i)) + " —", text)) == 1, name_of(i)
    assert f"{answers} answered" in text_of(fake, parts[-1])
    assert "Model answer" in text_of(fake, parts[0]) and '"action_id": "drill_feedback"' in text_of(fake, parts[0])
    assert not re.search(r"(covered|missed) —", text)  # details are private by default

    # Everyone who answered reads their own feedback, privately.
    for i in {1, answers}:
        seen = len(fake.responses)
        assert await slack.button(f"UP{i:05d}", "feedback", str(round_id)) == 200
        (mine,) = await fake.wait_for(lambda seen=seen: fake.responses[seen:])
        assert mine["response_type"] == "ephemeral"
        assert "Your feedback" in blocks_text(mine)
        assert re.search(r"(covered|partly|missed|contradicted) —", blocks_text(mine))


async def test_details_public_shows_points_in_the_channel(slack) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    assert await slack.command("UBOSS", "schedule details public") == 200
    await fake.wait_for(lambda: fake.responses)
    assert "Reveal details" in blocks_text(fake.responses[0])
    thread = await ask_and_get_thread(slack)
    await answer_many(slack.bot, Tenant("slack", "T1"), ThreadRef("C1", thread), 3, lambda i: f"UP{i:05d}")
    assert await slack.command("UBOSS", "reveal") == 200
    await fake.wait_for(lambda: reveal_messages(fake, thread))
    assert re.search(r"(covered|missed) —", text_of(fake, reveal_messages(fake, thread)[0]))


async def test_feedback_command_for_your_latest_answer(slack) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    assert await slack.command("UALICE", "feedback") == 200
    (none,) = await fake.wait_for(lambda: fake.responses)
    assert "no revealed answer" in blocks_text(none)
    thread = await ask_and_get_thread(slack)
    await answer_many(
        slack.bot, Tenant("slack", "T1"), ThreadRef("C1", thread), 2, lambda i: "UALICE" if i == 1 else "UBOB"
    )
    assert await slack.command("UALICE", "feedback") == 200
    await fake.wait_for(lambda: len(fake.responses) == 3)  # the question posted; no feedback before the reveal
    assert "no revealed answer" in blocks_text(fake.responses[-1]) or "no revealed" in blocks_text(fake.responses[-2])
    assert await slack.command("UBOSS", "reveal") == 200
    await fake.wait_for(lambda: any("Revealed" in blocks_text(r) for r in fake.responses))
    seen = len(fake.responses)
    assert await slack.command("UALICE", "feedback") == 200
    (mine,) = await fake.wait_for(lambda: fake.responses[seen:])
    assert mine["response_type"] == "ephemeral" and "Your feedback" in blocks_text(mine)


async def test_names_people_chose_never_ping_or_format_on_slack(slack) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    fake.add_user("UEVIL", "<!channel> *x* <@U1>")
    assert await slack.command("UALICE", "group create study") == 200
    await fake.wait_for(lambda: fake.responses)
    assert await slack.command("UEVIL", "group join study") == 200
    await fake.wait_for(lambda: len(fake.responses) > 1)
    thread = await ask_and_get_thread(slack)
    await slack.event(slack.reply_event("UEVIL", "We split into k folds and average.", thread, "1700000000.000100"))
    await slack.until(lambda s: s.exec(select(func.count()).select_from(Answer)).one(), 1)
    assert await slack.command("UBOSS", "reveal") == 200
    await fake.wait_for(lambda: reveal_messages(fake, thread))
    assert await slack.command("UEVIL", "leaderboard") == 200
    await fake.wait_for(lambda: any("leaderboard" in blocks_text(r) for r in fake.responses))

    sent = [*fake.responses, *fake.calls_to("chat.postMessage")]
    echoed = [blocks_text(m) for m in sent if "∗x∗" in blocks_text(m)]
    assert len(echoed) >= 3  # group join, reveal, leaderboard
    for message in sent:
        assert slack_mentions(message) == []
    for text in echoed:
        assert "&lt;!channel&gt; ∗x∗ &lt;@U1&gt;" in text
        assert "*x*" not in text


async def test_a_burst_of_reveals_refused_with_429_is_finished_by_later_ticks(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    rounds = []
    for _ in range(3):
        thread = await ask_and_get_thread_of_new_round(slack)
        await answer_many(slack.bot, Tenant("slack", "T1"), ThreadRef("C1", thread), 3, lambda i: f"UP{i:05d}")
        rounds.append((the_round(slack.bot).id, thread))
    fake.post_burst = 1  # Slack: about one post a second in a channel; past the burst, 429 and Retry-After
    started = time.monotonic()
    done = [await slack.bot.reveal_round(round_id) for round_id, _ in rounds]  # three reveals at once
    assert time.monotonic() - started < 5  # no sleep inside a reveal: the next attempt is written down
    assert fake.attempts("chat.postMessage").count(429) >= 1 and all(done)  # closed and scored; posting follows
    for _ in range(10):  # later ticks, after Retry-After, finish what was refused
        if all(reveal_messages(fake, thread) for _, thread in rounds):
            break
        clock.advance(timedelta(minutes=1))
        await asyncio.sleep(1.1)
        await tick(slack.bot)
    for round_id, thread in rounds:
        (part,) = reveal_messages(fake, thread)  # each exactly once
        assert part["metadata"]["event_payload"]["key"] == f"reveal-{round_id}"


async def ask_and_get_thread_of_new_round(slack) -> str:  # type: ignore[no-untyped-def]
    """An admin's `new`: the channel already has the previous round open."""
    before = the_round(slack.bot)
    last = before.id if before else None
    assert await slack.command("UBOSS", "ask evaluation new") == 200
    await slack.until(
        lambda s: (r := the_round(slack.bot)) is not None and r.id != last and r.thread_id is not None, True
    )
    return the_round(slack.bot).thread_id  # type: ignore[return-value]


async def test_a_group_question_mentions_its_members_in_the_text(slack) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    assert await slack.command("UALICE", "group create pairs") == 200
    await fake.wait_for(lambda: fake.responses)
    assert await slack.command("UBOB", "group join pairs") == 200
    await fake.wait_for(lambda: len(fake.responses) > 1)
    assert await slack.command("UBOSS", "ask evaluation group pairs") == 200
    (card,) = await fake.wait_for(lambda: fake.calls_to("chat.postMessage"))
    assert card["text"].startswith("<@UALICE> <@UBOB> ")  # the notification text: they are notified
    assert sorted(set(slack_mentions(card))) == ["@UALICE", "@UBOB"]  # and nobody else, never @channel
