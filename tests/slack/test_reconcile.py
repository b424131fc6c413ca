"""Before a reveal the round's thread is read back from Slack (conversations.replies,
one page), so answers posted while Drillbot was down still count."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import func, select

from adapters.slack.history import MAX_PAGES, PAGE
from bot.chat.errors import TransientSendError
from bot.chat.ports import Place
from bot.db.models import Answer
from bot.scheduling.due import tick
from tests.slack.test_slack_e2e import SAYS_HELLO, ask_and_get_thread, message_ids


async def test_answers_posted_while_drillbot_was_down_count_at_the_reveal(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    fake.page_cap = PAGE  # an app outside the Marketplace: 15 messages a call
    thread = await ask_and_get_thread(slack)
    delivered = fake.user_reply("UALICE", SAYS_HELLO, thread)
    assert await slack.event(slack.reply_event("UALICE", SAYS_HELLO, thread, delivered)) == 200
    await slack.until(message_ids, [delivered])
    for n in range(PAGE):  # chatter that fills the first page
        fake.user_reply("UALICE", f"and another thought, number {n}", thread)
    missed = fake.user_reply("UBOB", "Split into k folds, hold each out once and average the scores.", thread)

    clock.advance(timedelta(minutes=31))  # a practice question reveals after 30 minutes
    await tick(slack.bot)

    await slack.until(lambda s: len(message_ids(s)), PAGE + 2)
    with slack.bot.session() as session:
        answers = session.exec(select(Answer)).all()
        assert len(answers) == 2 and all(a.score is not None and not a.late for a in answers)
    reads = fake.calls_to("conversations.replies")
    assert len(reads) == 2 and all(r["ts"] == thread and int(r["limit"]) == PAGE for r in reads)
    reveal = [c for c in fake.calls_to("chat.postMessage") if c.get("thread_ts") == thread]
    assert len(reveal) == 1 and "Bob" in str(reveal[0]["blocks"]) and missed


async def test_a_rate_limited_workspace_never_holds_the_tick(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    thread = await ask_and_get_thread(slack)
    delivered = fake.user_reply("UALICE", SAYS_HELLO, thread)
    assert await slack.event(slack.reply_event("UALICE", SAYS_HELLO, thread, delivered)) == 200
    await slack.until(message_ids, [delivered])
    fake.fail("conversations.replies", 429, retry_after=60)  # one call a minute

    clock.advance(timedelta(minutes=31))
    started = time.monotonic()
    await tick(slack.bot)
    assert time.monotonic() - started < 10  # not a minute inside the tick
    assert fake.attempts("conversations.replies") == [429]
    assert len([c for c in fake.calls_to("chat.postMessage") if c.get("thread_ts") == thread]) == 1
    port = slack.bot.ports["slack"]
    with pytest.raises(TransientSendError):  # the same workspace waits its minute without a call
        await port.thread_replies(Place(fake.team_id, "C1"), thread, None)
    assert fake.attempts("conversations.replies") == [429]
    assert await port.thread_replies(Place("T-other", "C1"), thread, None)  # another workspace reads at once


async def test_a_thread_that_cannot_be_read_does_not_hold_the_reveal_up(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    thread = await ask_and_get_thread(slack)
    ts = fake.user_reply("UALICE", SAYS_HELLO, thread)
    assert await slack.event(slack.reply_event("UALICE", SAYS_HELLO, thread, ts)) == 200
    await slack.until(message_ids, [ts])
    fake.fail("conversations.replies", 500, times=10)
    clock.advance(timedelta(minutes=31))
    await tick(slack.bot)
    with slack.bot.session() as session:
        assert session.exec(select(func.count()).select_from(Answer).where(Answer.score.is_not(None))).one() == 1  # type: ignore[union-attr]
    assert len([c for c in fake.calls_to("chat.postMessage") if c.get("thread_ts") == thread]) == 1


async def test_the_fake_pages_conversations_replies_as_slack_does(slack) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    thread = await ask_and_get_thread(slack)
    replies = [fake.user_reply("UALICE", f"part {n}", thread) for n in range(5)]
    client = AsyncWebClient(token="xoxb-test-token", base_url=fake.api_url)
    pages = [dict(page.data) async for page in await client.conversations_replies(channel="C1", ts=thread, limit=2)]
    assert [len(page["messages"]) for page in pages] == [2, 2, 2]  # the question, then its 5 replies
    assert [m["ts"] for page in pages for m in page["messages"]] == [thread, *replies]
    assert [page["has_more"] for page in pages] == [True, True, False]
    assert pages[-1]["response_metadata"]["next_cursor"] == ""
    fake.page_cap = 15  # an app outside the Marketplace
    capped = await client.conversations_replies(channel="C1", ts=thread, limit=200)
    assert len(capped["messages"]) == 6 and not capped["has_more"]
    with pytest.raises(SlackApiError, match="thread_not_found"):
        await client.conversations_replies(channel="C1", ts="1.000001")
    with pytest.raises(SlackApiError, match="invalid_cursor"):
        await client.conversations_replies(channel="C1", ts=thread, cursor="not-a-cursor")


def delete_while_down(fake, ts: str) -> None:  # type: ignore[no-untyped-def]
    """The message goes from Slack's history; its message_deleted event never reaches us."""
    fake.messages[:] = [m for m in fake.messages if m["ts"] != ts]


async def reply(slack, user: str, text: str, thread: str) -> str:  # type: ignore[no-untyped-def]
    ts = slack.fake.user_reply(user, text, thread)
    assert await slack.event(slack.reply_event(user, text, thread, ts)) == 200
    return ts


async def test_an_answer_deleted_while_drillbot_was_down_is_removed_at_the_reveal(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    thread = await ask_and_get_thread(slack)
    alice = await reply(slack, "UALICE", SAYS_HELLO, thread)
    bob = await reply(slack, "UBOB", "Split into k folds, hold each out once and average the scores.", thread)
    await slack.until(message_ids, sorted([alice, bob]))
    delete_while_down(fake, alice)

    clock.advance(timedelta(minutes=31))
    # Recorded just now, not (yet) in the history the reveal reads: never taken for deleted.
    just_now = fake._next_ts()  # noqa: SLF001
    assert await slack.event(slack.reply_event("UBOSS", "Folds, each held out once.", thread, just_now)) == 200
    await slack.until(message_ids, sorted([alice, bob, just_now]))
    await tick(slack.bot)

    await slack.until(message_ids, sorted([bob, just_now]))
    reveal = [c for c in fake.calls_to("chat.postMessage") if c.get("thread_ts") == thread]
    assert len(reveal) == 1 and "Bob" in str(reveal[0]["blocks"]) and "Alice" not in str(reveal[0]["blocks"])
    with slack.bot.session() as session:
        assert session.exec(select(func.count()).select_from(Answer)).one() == 2  # Alice's answer went with its message


async def test_only_deletions_in_the_part_of_the_thread_that_was_read_count(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    thread = await ask_and_get_thread(slack)
    replies = [await reply(slack, "UALICE", f"part {n} of folds", thread) for n in range(MAX_PAGES + 4)]
    await slack.until(message_ids, sorted(replies))
    delete_while_down(fake, replies[0])
    delete_while_down(fake, replies[-1])
    fake.page_cap = 1  # MAX_PAGES pages of one: the question, then replies[1:MAX_PAGES]; more were not read

    clock.advance(timedelta(minutes=31))
    await tick(slack.bot)

    await slack.until(message_ids, sorted(replies[1:]))  # replies[0] was in the range read, replies[-1] not
    assert len(fake.calls_to("conversations.replies")) == MAX_PAGES
