"""Slack end to end: signed HTTP requests into the real Bolt app, the real core and
database behind it, and assertions on what the fake Slack Web API received."""

from __future__ import annotations

import io
import json
import time
from datetime import timedelta

from sqlmodel import func, select

from adapters.admin import workspace_delete
from bot.db.models import Answer, AnswerMessage, InboxItem, Kudos, Round, ScoreEvent
from bot.scheduling.due import tick

SAYS_HELLO = "You split into folds, hold out each fold once and average the scores."


async def ask_and_get_thread(slack) -> str:  # type: ignore[no-untyped-def]
    """Ask for a practice question and wait until the core has recorded where it went
    (Slack sees the post a moment before the core stores its ts)."""
    await slack.command("UBOSS", "ask evaluation")
    await slack.until(lambda s: s.exec(select(Round.status)).first(), "posted")
    with slack.bot.session() as session:
        return session.exec(select(Round.thread_id)).one()


def message_ids(session) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(session.exec(select(AnswerMessage.message_id)))


def blocks_text(params: dict) -> str:  # type: ignore[type-arg]
    blocks = params.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return json.dumps(blocks)


async def test_unsigned_stale_or_forged_requests_get_401(slack) -> None:  # type: ignore[no-untyped-def]
    assert await slack.command("UALICE", "help", signed=False) == 401
    assert await slack.command("UALICE", "help", timestamp=int(time.time()) - 6 * 60) == 401
    assert await slack.command("UALICE", "help", headers={"X-Slack-Signature": "v0=deadbeef"}) == 401
    assert slack.fake.responses == []
    assert await slack.command("UALICE", "help") == 200


async def test_health_check(slack) -> None:  # type: ignore[no-untyped-def]
    async with slack.session.get(slack.url.replace("/slack/events", "/healthz")) as response:
        assert response.status == 200 and (await response.json()) == {"ok": True}


async def test_commands_ack_at_once_and_answer_through_response_url(slack) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    assert await slack.command("UALICE", "stats") == 200
    assert time.monotonic() - started < 2.5
    (answer,) = await slack.fake.wait_for(lambda: slack.fake.responses)
    assert answer["response_type"] == "ephemeral"
    assert "Stats for Alice" in blocks_text(answer)
    assert await slack.command("UALICE", "leaderboard sideways") == 200
    usage = await slack.fake.wait_for(lambda: slack.fake.responses[1:])
    assert "Usage" in blocks_text(usage[0]) and usage[0]["response_type"] == "ephemeral"


async def test_a_full_day(slack, clock) -> None:  # type: ignore[no-untyped-def]
    fake = slack.fake
    # An admin schedules the channel; a member may not.
    await slack.command("UALICE", "schedule set 08:00 UTC reveal after 8h topics evaluation")
    await slack.command("UBOSS", "schedule set 08:00 UTC reveal after 8h topics evaluation")
    replies = await fake.wait_for(lambda: fake.responses[1:] and fake.responses)
    # Both commands run at once on the core's workers, so their answers may come in either order.
    refused = [r for r in replies if "Only workspace admins" in blocks_text(r)]
    updated = [r for r in replies if "Schedule updated" in blocks_text(r)]
    assert len(refused) == 1 and refused[0]["response_type"] == "ephemeral"
    assert len(updated) == 1 and updated[0]["response_type"] == "in_channel"

    # The scheduled post.
    await tick(slack.bot)
    (card,) = fake.calls_to("chat.postMessage")
    assert card["channel"] == "C1" and "Question of the day" in blocks_text(card)
    assert '"action_id": "drill_reveal"' in blocks_text(card)
    question_ts = await fake.wait_for(lambda: [c for c in fake.calls if c.method == "chat.postMessage"])
    with slack.bot.session() as session:
        round_ = session.exec(select(Round)).one()
    thread = round_.thread_id
    assert question_ts and thread

    # Three replies from two people, an edit, a deletion, a reaction.
    assert await slack.event(slack.reply_event("UALICE", "You split into folds,", thread, "100.1")) == 200
    assert (
        await slack.event(slack.reply_event("UALICE", "hold out each fold once, average the scores", thread, "100.2"))
        == 200
    )
    assert await slack.event(slack.reply_event("UBOB", "no clue", thread, "100.3")) == 200
    await slack.until(message_ids, ["100.1", "100.2", "100.3"])
    await slack.event(
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": "C1",
            "hidden": True,
            "ts": "100.9",
            "message": {
                "type": "message",
                "user": "UBOB",
                "ts": "100.3",
                "thread_ts": thread,
                "text": "Split into folds, then average the scores you get on each held-out fold",
            },
            "previous_message": {
                "type": "message",
                "user": "UBOB",
                "ts": "100.3",
                "thread_ts": thread,
                "text": "no clue",
            },
        }
    )
    await slack.until(
        lambda s: s.exec(select(AnswerMessage.text).where(AnswerMessage.message_id == "100.3")).one(),
        "Split into folds, then average the scores you get on each held-out fold",
    )
    await slack.event(slack.reply_event("UBOB", "oops, wrong thread", thread, "100.4"))
    await slack.until(message_ids, ["100.1", "100.2", "100.3", "100.4"])
    await slack.event(
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": "C1",
            "hidden": True,
            "ts": "100.8",
            "deleted_ts": "100.4",
            "previous_message": {
                "type": "message",
                "user": "UBOB",
                "ts": "100.4",
                "thread_ts": thread,
                "text": "oops, wrong thread",
            },
        }
    )
    await slack.event(
        {
            "type": "reaction_added",
            "user": "UBOB",
            "reaction": "clap",
            "item": {"type": "message", "channel": "C1", "ts": "100.1"},
            "item_user": "UALICE",
            "event_ts": "100.5",
        }
    )
    await slack.until(message_ids, ["100.1", "100.2", "100.3"])
    await slack.until(lambda s: s.exec(select(func.count()).select_from(Kudos)).one(), 1)
    with slack.bot.session() as session:
        assert session.exec(select(func.count()).select_from(Answer)).one() == 2

    # The reveal, in the thread, with each person's result.
    clock.advance(timedelta(hours=8))
    await tick(slack.bot)
    reveal = [c for c in fake.calls_to("chat.postMessage") if c.get("thread_ts") == thread]
    assert len(reveal) == 1
    text = blocks_text(reveal[0])
    assert "The answer" in text and ". Alice " in text and ". Bob " in text and "2 answered" in text
    assert "drill_feedback" in text  # each person's details are theirs alone
    with slack.bot.session() as session:
        points = session.exec(select(ScoreEvent.reason, func.sum(ScoreEvent.points)).group_by(ScoreEvent.reason))
        assert dict(points.all())["kudos"] == 1

    # The leaderboard names both.
    before = len(fake.responses)
    await slack.command("UALICE", "leaderboard")
    board = (await fake.wait_for(lambda: fake.responses[before:]))[0]
    assert board["response_type"] == "in_channel"
    assert "1. Alice" in blocks_text(board) and "Bob" in blocks_text(board)


async def test_a_redelivered_event_counts_once(slack) -> None:  # type: ignore[no-untyped-def]
    thread_ts = await ask_and_get_thread(slack)
    thread = slack.fake.calls_to("chat.postMessage")[0]
    assert thread
    event = slack.reply_event("UALICE", SAYS_HELLO, thread_ts, "200.1")
    assert await slack.event(event, event_id="EvSame") == 200
    assert await slack.event(event, event_id="EvSame", retry_num=1) == 200
    assert await slack.event(event, event_id="EvSame", retry_num=2) == 200
    await slack.until(message_ids, ["200.1"])
    await slack.event(slack.reply_event("UALICE", "a later reply", thread_ts, "200.2"))
    await slack.until(message_ids, ["200.1", "200.2"])  # processed in order: the retries came before it


async def test_bot_messages_top_level_messages_and_other_threads_are_not_answers(slack) -> None:  # type: ignore[no-untyped-def]
    thread_ts = await ask_and_get_thread(slack)
    bot_reply = {**slack.reply_event("UOTHERBOT", SAYS_HELLO, thread_ts, "300.1"), "bot_id": "BOTHER"}
    top_level = {"type": "message", "channel": "C1", "user": "UALICE", "text": SAYS_HELLO, "ts": "300.2"}
    elsewhere = slack.reply_event("UALICE", SAYS_HELLO, "999.999", "300.3")
    for event in (bot_reply, top_level, elsewhere):
        assert await slack.event(event) == 200
    await slack.event(slack.reply_event("UALICE", SAYS_HELLO, thread_ts, "300.4"))
    await slack.until(message_ids, ["300.4"])  # the marker arrived; nothing before it counted


async def test_a_429_on_posting_is_retried_after_retry_after(slack, clock) -> None:  # type: ignore[no-untyped-def]
    await slack.command("UBOSS", "schedule set 08:00 UTC")
    await slack.fake.wait_for(lambda: slack.fake.responses)
    slack.fake.fail("chat.postMessage", 429, retry_after=0)
    slack.fake.fail("chat.postMessage", 503)
    await tick(slack.bot)
    assert slack.fake.attempts("chat.postMessage") == [429, 503, 200]
    with slack.bot.session() as session:
        assert session.exec(select(Round.status)).one() == "posted"
    await tick(slack.bot)
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


async def test_a_post_that_keeps_failing_leaves_the_round_unposted_until_slack_accepts(slack) -> None:  # type: ignore[no-untyped-def]
    await slack.command("UBOSS", "schedule set 08:00 UTC")
    await slack.fake.wait_for(lambda: slack.fake.responses)
    slack.fake.fail("chat.postMessage", 500, times=3)  # every attempt of the core's retry policy
    await tick(slack.bot)
    with slack.bot.session() as session:
        assert session.exec(select(Round.status)).one() == "pending"
    await tick(slack.bot)  # Slack has recovered
    with slack.bot.session() as session:
        assert session.exec(select(Round.status)).one() == "posted"
    assert len(slack.fake.calls_to("chat.postMessage")) == 1


async def test_a_post_slack_took_but_whose_answer_was_lost_is_not_sent_twice(slack) -> None:  # type: ignore[no-untyped-def]
    await slack.command("UBOSS", "schedule set 08:00 UTC")
    await slack.fake.wait_for(lambda: slack.fake.responses)
    slack.fake.lose_answer("chat.postMessage")  # Slack posts it, the 200 never arrives
    await tick(slack.bot)
    (message,) = slack.fake.posted("C1")
    assert message["metadata"]["event_type"] == "drillbot_card"
    assert slack.fake.calls_to("conversations.history")[0]["include_all_metadata"] in {"1", "true", True}
    with slack.bot.session() as session:
        round_ = session.exec(select(Round)).one()
    assert round_.status == "posted" and round_.message_id == message["ts"]


async def test_stored_requests_carry_their_team_and_go_with_the_workspace(slack) -> None:  # type: ignore[no-untyped-def]
    thread_ts = await ask_and_get_thread(slack)  # a command
    with slack.bot.session() as session:
        round_id = session.exec(select(Round.id)).one()
    assert await slack.event(slack.reply_event("UALICE", SAYS_HELLO, thread_ts, "300.1")) == 200  # an event
    assert await slack.button("UBOB", "hint", str(round_id)) == 200  # an interaction
    await slack.until(message_ids, ["300.1"])
    with slack.bot.session() as session:
        stored = session.exec(select(InboxItem.kind, InboxItem.workspace_external_id)).all()
    assert sorted(stored) == [("button", "T1"), ("command", "T1"), ("message", "T1")]
    assert workspace_delete(slack.bot.engine, "slack", "T1", io.StringIO()) == 0
    with slack.bot.session() as session:
        assert session.exec(select(func.count()).select_from(InboxItem)).one() == 0


async def test_buttons_answer_privately(slack) -> None:  # type: ignore[no-untyped-def]
    await slack.command("UALICE", "ask evaluation")
    await slack.fake.wait_for(lambda: slack.fake.calls_to("chat.postMessage") and slack.fake.responses)
    with slack.bot.session() as session:
        round_id = session.exec(select(Round.id)).one()
    before = len(slack.fake.responses)
    assert await slack.button("UBOB", "hint", str(round_id)) == 200
    hint = (await slack.fake.wait_for(lambda: slack.fake.responses[before:]))[0]
    assert hint["response_type"] == "ephemeral" and hint["replace_original"] is False
    assert "Hint" in blocks_text(hint)
    assert await slack.button("UBOB", "reveal", str(round_id)) == 200
    refused = (await slack.fake.wait_for(lambda: slack.fake.responses[before + 1 :]))[0]
    assert "Only the person who asked or an admin can reveal this practice question" in blocks_text(refused)
    assert await slack.button("UALICE", "reveal", str(round_id)) == 200  # the asker may
    await slack.fake.wait_for(lambda: [c for c in slack.fake.calls_to("chat.postMessage") if c.get("thread_ts")])


async def test_app_home_shows_the_personal_summary(slack) -> None:  # type: ignore[no-untyped-def]
    assert (
        await slack.event(
            {"type": "app_home_opened", "user": "UALICE", "channel": "D1", "tab": "home", "event_ts": "1.0"}
        )
        == 200
    )
    (published,) = await slack.fake.wait_for(lambda: slack.fake.calls_to("views.publish"))
    assert published["user_id"] == "UALICE"
    view = published["view"] if isinstance(published["view"], dict) else json.loads(published["view"])
    text = json.dumps(view)
    assert view["type"] == "home"
    for words in ("Your Drillbot, Alice", "Streak", "This week", "Strongest topic", "Weakest topic", "Next review"):
        assert words in text


async def test_the_leaderboard_chart_is_uploaded_as_a_png(slack) -> None:  # type: ignore[no-untyped-def]
    assert await slack.command("UALICE", "leaderboard chart") == 200
    (file,) = await slack.fake.wait_for(lambda: slack.fake.shared_files("C1"))
    assert file["content"].startswith(b"\x89PNG") and file["filename"] == "drillbot-chart.png"
    assert file["title"] == "Team leaderboard, this week"
    (answer,) = slack.fake.responses
    assert answer["response_type"] == "in_channel"


async def test_a_weekly_summary_posts_its_card_and_chart(slack, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from bot.chat.ports import Tenant, ThreadRef, UserRef

    await slack.command("UBOSS", "schedule set 09:00 UTC")
    await slack.fake.wait_for(lambda: slack.fake.responses)
    await tick(slack.bot)
    clock.advance(timedelta(hours=1))
    await tick(slack.bot)  # Monday's question
    with slack.bot.session() as session:
        round_ = session.exec(select(Round)).one()
    tenant = Tenant("slack", "T1")
    await slack.bot.handle_reply(tenant, ThreadRef("C1", round_.thread_id), UserRef("UALICE", "Alice"), "folds", "1.1")
    clock.advance(timedelta(hours=8))
    await tick(slack.bot)  # the reveal
    clock.advance(timedelta(days=6, hours=16))
    await tick(slack.bot)  # next Monday 09:00: the summary of the week before
    summaries = [m for m in slack.fake.posted("C1") if "Weekly summary" in m["text"]]
    assert len(summaries) == 1
    (file,) = slack.fake.shared_files("C1")
    assert file["content"].startswith(b"\x89PNG")


async def test_core_work_in_worker_processes(slack_world) -> None:  # type: ignore[no-untyped-def]
    """CORE_PROCESSES=1: a worker process builds its own core from the settings and
    answers through the response_url; the acknowledging process does none of it."""
    async for world in slack_world(slack_bot_token="xoxb-test-token", core_processes=1):
        assert await world.command("UALICE", "stats") == 200
        fake = world.fake
        (answer,) = await fake.wait_for(lambda fake=fake: fake.responses, timeout=60)
        assert "Stats for Alice" in blocks_text(answer)
        assert world.fake.calls_to("users.info")  # looked up by the worker
