"""Discord where people actually type (issues #18 and #23): commands in a question's
thread, servers that refuse threads, slow public replies, archived threads, skin tones.
The real discord.py client against the fake, which refuses what Discord refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import func, select

from adapters.discord import app as discord_app
from adapters.discord.threads import ANSWER_BUTTON_NOTE, archive_minutes
from bot.db.models import Answer, Channel, Kudos, Round, StudyGroup
from bot.scheduling.due import tick
from tests.discord.test_discord_e2e import EPHEMERAL, GOOD, buttons_of, post_question
from tests.fakes.discord_server import FORUM, VOICE


def said(answer: dict) -> str:  # type: ignore[type-arg]
    return answer["data"]["embeds"][0].get("description") or ""


def rounds_of(discord) -> list[Round]:  # type: ignore[no-untyped-def]
    with discord.bot.session() as session:
        return list(session.exec(select(Round).order_by(Round.id)).all())


async def test_ask_typed_in_a_questions_thread_posts_in_the_channel(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    _, thread = await post_question(discord, clock)
    answer = await discord.answer_of(await fake.slash("11", "ask", channel_id=thread))
    assert "Practice question posted: answer in its thread" in said(answer)
    assert not fake.refused  # never asked Discord for a thread inside a thread
    daily, practice = rounds_of(discord)
    card = fake.messages[practice.message_id]
    assert card["channel_id"] == fake.channel_id and practice.thread_id == card["thread"]["id"] != thread


async def test_without_create_public_threads_the_round_uses_the_answer_button(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    fake.permissions.discard("CREATE_PUBLIC_THREADS")
    answer = await discord.answer_of(await fake.slash("11", "ask", topic="evaluation"))
    text = said(answer)
    assert "without a thread" in text and "Create Public Threads" in text and "Answer button" in text
    (round_,) = rounds_of(discord)
    assert round_.status == "posted" and round_.thread_id is None  # never the card's own id
    card = fake.messages[round_.message_id]
    assert "thread" not in card and ANSWER_BUTTON_NOTE in card["embeds"][0]["footer"]["text"]

    modal = buttons_of(card)["Answer"].replace("drill:answer:", "drill-answer:")
    token = await fake.submit("12", modal, {"answer": GOOD})
    assert "answer recorded" in said(await discord.answer_of(token))
    revealed = await discord.answer_of(await fake.slash("11", "reveal"))
    assert "Revealed" in said(revealed) and "channel" in said(revealed)
    (reveal,) = [m for m in fake.posted(fake.channel_id) if m["embeds"] and m["embeds"][0].get("title") == "The answer"]
    assert "Bob" in reveal["embeds"][0]["description"]


async def test_a_card_whose_thread_failed_for_a_moment_gets_it_on_the_retry(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    fake.fail("/threads", 503)  # Service Unavailable (discord.py does not retry a 503 itself)
    token = await fake.slash("11", "ask")
    assert "keep trying" in said(await discord.answer_of(token))
    clock.advance(timedelta(minutes=5))
    await tick(discord.bot)
    (round_,) = rounds_of(discord)
    (card,) = [m for m in fake.posted(fake.channel_id) if m["components"]]  # the card once, found again
    assert round_.status == "posted" and round_.message_id == card["id"] and round_.thread_id == card["thread"]["id"]


async def test_reveal_typed_in_a_questions_thread_reveals_that_round(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    _, thread = await post_question(discord, clock)
    await discord.answer_of(await fake.slash("19", "ask"))  # a newer open round in the same channel
    today = await discord.answer_of(await fake.slash("11", "today", channel_id=thread))
    assert today["data"]["embeds"][0]["title"] == "Question of the day"
    answer = await discord.answer_of(await fake.slash("19", "reveal", channel_id=thread))
    assert "Revealed" in said(answer)
    daily, practice = rounds_of(discord)
    assert (daily.status, practice.status) == ("revealed", "posted")
    assert any(m["embeds"][0].get("title") == "The answer" for m in fake.posted(thread))


async def test_a_slow_leaderboard_stays_public(discord, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(discord_app, "RESPOND_WITHIN", 0)  # every reply is deferred, as a slow one is
    token = await discord.fake.slash("12", "leaderboard", period="all")
    board = await discord.answer_of(token)
    assert "leaderboard" in board["data"]["embeds"][0]["title"]
    assert not board["data"].get("flags", 0) & EPHEMERAL
    private = await discord.answer_of(await discord.fake.slash("12", "stats"))
    assert private["data"]["flags"] & EPHEMERAL


def test_threads_stay_open_until_the_reveal() -> None:
    hours = [0.5, 8, 30, 70, 100, 400]
    assert [archive_minutes(timedelta(hours=h)) for h in hours] == [60, 1440, 4320, 4320, 10080, 10080]


async def test_an_archived_thread_is_unarchived_for_the_reveal_without_manage_threads(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    fake.permissions.discard("MANAGE_THREADS")
    _, thread = await post_question(discord, clock)
    assert fake.threads[thread]["thread_metadata"]["auto_archive_duration"] == 1440  # reveal 8 hours on
    await fake.say(thread, "11", GOOD)
    fake.archive(thread)
    clock.advance(timedelta(hours=8))
    await tick(discord.bot)
    assert fake.unarchived == [thread]
    assert any(m["embeds"][0].get("title") == "The answer" for m in fake.posted(thread) if m["embeds"])
    assert rounds_of(discord)[0].reveal_posted_at is not None


async def test_without_send_messages_in_threads_the_admin_is_told_which_permission(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    _, thread = await post_question(discord, clock)
    fake.permissions.discard("SEND_MESSAGES_IN_THREADS")
    clock.advance(timedelta(hours=8))
    await tick(discord.bot)
    (round_,) = rounds_of(discord)
    assert round_.reveal_posted_at is None  # not reported as posted
    with discord.bot.session() as session:
        reason = session.exec(select(Channel.paused_reason)).one()
    assert "Send Messages in Threads" in reason


async def test_kudos_with_a_skin_tone_or_a_custom_emoji_count(discord_world, clock) -> None:  # type: ignore[no-untyped-def]
    discord = await discord_world()
    custom = discord.settings.model_copy(update={"kudos_emoji": "👍,👏,<:partyparrot:999>"})
    discord.bot.config = replace(discord.bot.config, kudos_emoji=custom.kudos_emoji_set)
    fake = discord.fake
    _, thread = await post_question(discord, clock)
    alice = await fake.say(thread, "11", GOOD)
    bob = await fake.say(thread, "12", GOOD)
    fake.add_user("13", "Cleo")
    await discord.until(lambda s: s.exec(select(func.count()).select_from(Answer)).one(), 2)
    await fake.react(alice["id"], "12", "👍🏽")
    await fake.react(alice["id"], "13", "👏🏿")
    await fake.react(bob["id"], "11", "partyparrot", emoji_id="999")
    await discord.until(lambda s: s.exec(select(func.count()).select_from(Kudos)).one(), 3)


async def test_ask_in_a_forum_post_opens_a_new_forum_post_as_the_rounds_thread(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    fake.channel_types["250"] = FORUM
    fake.threads["251"] = fake._thread("250", "251", "Someone's forum post")  # typed in an existing post
    answer = await discord.answer_of(await fake.slash("11", "ask", channel_id="251"))
    assert "Practice question posted: answer in its thread" in said(answer)
    (round_,) = rounds_of(discord)
    post = fake.threads[round_.thread_id]
    assert post["parent_id"] == "250" and round_.message_id == round_.thread_id
    assert fake.messages[round_.thread_id]["embeds"][0]["title"] == "Practice question"
    await fake.say(round_.thread_id, "12", GOOD)
    revealed = await discord.answer_of(await fake.slash("11", "reveal", channel_id=round_.thread_id))
    assert "Revealed" in said(revealed)
    assert any(m["embeds"] and m["embeds"][0].get("title") == "The answer" for m in fake.posted(round_.thread_id))


async def test_ask_in_a_voice_channels_chat_says_there_is_no_thread(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    fake.channel_types["260"] = VOICE
    answer = await discord.answer_of(await fake.slash("11", "ask", channel_id="260"))
    assert "without a thread: Discord does not allow a thread in this channel" in said(answer)
    assert "Answer button" in said(answer)
    (round_,) = rounds_of(discord)
    assert round_.thread_id is None and fake.messages[round_.message_id]["channel_id"] == "260"


async def test_a_forum_post_whose_answer_was_lost_is_not_posted_twice(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    fake.channel_types["250"] = FORUM
    fake.threads["251"] = fake._thread("250", "251", "Someone's forum post")
    fake.lose_answer("POST /channels/250/threads", status=503)  # Discord made the post; its answer was lost
    answer = await discord.answer_of(await fake.slash("11", "ask", channel_id="251"))
    assert "Practice question posted" in said(answer)
    posts = [t for t in fake.threads.values() if t["parent_id"] == "250" and t["id"] != "251"]
    (round_,) = rounds_of(discord)
    assert [p["id"] for p in posts] == [round_.thread_id]


async def test_an_answer_discord_no_longer_waits_for_is_logged_and_the_command_still_counts(  # type: ignore[no-untyped-def]
    discord, caplog: pytest.LogCaptureFixture
) -> None:
    fake = discord.fake
    fake.response_window = 0.0  # Drillbot stalled: every response comes after Discord's 3 seconds
    late = await fake.slash("11", "group", action="create", name="owls")

    def created() -> bool:
        with discord.bot.session() as session:
            return session.exec(select(func.count()).select_from(StudyGroup)).one() == 1

    await fake.wait_for(created)
    await fake.wait_for(lambda: "10062" in caplog.text)
    assert fake.responses_to(late) == []  # Discord refused it (404, Unknown interaction)
    fake.response_window = 3.0
    joined = said(await discord.answer_of(await fake.slash("12", "group", action="join", name="owls")))
    assert "owls" in joined

