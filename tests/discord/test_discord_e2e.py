"""End to end: the real discord.py client against the fake Discord REST API and
gateway, the real core and the test database."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from adapters.discord import port as port_module
from adapters.discord.sync import sync_commands
from bot.db.models import Answer, AnswerMessage, Kudos, Round, ScoreEvent
from bot.scheduling.due import tick
from tests.discord.conftest import settings_for
from tests.discord.test_discord_reveal import shown

EPHEMERAL = 64
GOOD = "Split the data into k folds, hold each fold out once for scoring, train on the rest and average."


def buttons_of(message: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """label -> custom_id of a message's buttons."""
    return {c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]}


async def post_question(discord, clock) -> tuple[dict, str]:  # type: ignore[no-untyped-def,type-arg]
    """Schedule 09:00 UTC as an admin and let the scheduler post: the card and its thread."""
    token = await discord.fake.slash("19", "schedule", args="set 09:00 UTC topics evaluation")
    assert "Schedule updated" in (await discord.answer_of(token))["data"]["embeds"][0]["title"]
    clock.advance(timedelta(hours=1))
    await tick(discord.bot)
    (card,) = [m for m in discord.fake.posted(discord.fake.channel_id) if m["components"]]
    return card, card["thread"]["id"]


async def test_sync_registers_the_drill_group(fake_discord) -> None:  # type: ignore[no-untyped-def]
    assert (await sync_commands(settings_for(fake_discord), 100)).count == 1
    (drill,) = fake_discord.commands["100"]
    assert drill["name"] == "drill"
    subcommands = {option["name"] for option in drill["options"]}
    assert {"ask", "leaderboard", "schedule", "review", "group", "stats"} <= subcommands
    ask = next(o for o in drill["options"] if o["name"] == "ask")
    assert any(option.get("autocomplete") for option in ask["options"])


async def test_a_full_day(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    card, thread = await post_question(discord, clock)
    assert card["embeds"][0]["title"] == "Question of the day"
    assert set(buttons_of(card)) == {"Answer", "Hint", "Reveal now", "Another question"}
    assert fake.threads[thread]["parent_id"] == fake.channel_id

    first = await fake.say(thread, "11", "Split the data into folds.")
    await fake.say(thread, "11", "Hold each fold out once and average the scores.")
    bob = await fake.say(thread, "12", "Use folds.")
    await fake.dispatch("MESSAGE_CREATE", bob)  # the gateway redelivers after a resume
    await discord.until(lambda s: s.exec(select(func.count()).select_from(AnswerMessage)).one(), 3)
    await fake.edit(bob["id"], "Use k folds: train on k-1, score on the one held out, average the k scores.")
    await discord.until(
        lambda s: s.exec(select(AnswerMessage.text).where(AnswerMessage.message_id == bob["id"])).one()[:5], "Use k"
    )
    extra = await fake.say(thread, "12", "typo, ignore")
    await discord.until(lambda s: s.exec(select(func.count()).select_from(AnswerMessage)).one(), 4)
    await fake.delete(extra["id"])
    await discord.until(lambda s: s.exec(select(func.count()).select_from(AnswerMessage)).one(), 3)
    await fake.react(first["id"], "12", "👍")
    await fake.react(first["id"], "11", "👍")  # your own answer: no kudos
    await discord.until(lambda s: s.exec(select(func.count()).select_from(Kudos)).one(), 1)
    await fake.say(fake.channel_id, "11", "a message in the channel itself is not an answer")

    clock.advance(timedelta(hours=8))
    await tick(discord.bot)
    (reveal,) = [m for m in fake.posted(thread) if m["author"]["id"] == fake.bot_id]
    embed = reveal["embeds"][0]
    assert embed["title"] == "The answer"
    assert "1. Alice —" in embed["description"] or "1. Bob —" in embed["description"]
    assert "Alice" in embed["description"] and "Bob" in embed["description"]
    assert "2 answered" in embed["footer"]["text"]
    with discord.bot.session() as session:
        assert session.exec(select(func.count()).select_from(Answer)).one() == 2
        kudos = session.exec(select(ScoreEvent.points).where(ScoreEvent.reason == "kudos")).all()
    assert kudos == [1]

    token = await fake.slash("12", "leaderboard", period="all")
    board = (await discord.answer_of(token))["data"]
    assert not board.get("flags", 0) & EPHEMERAL
    lines = board["embeds"][0]["description"].splitlines()
    assert lines[0].startswith("1. Alice") and "Bob" in lines[1]


async def test_only_manage_server_changes_the_schedule(discord) -> None:  # type: ignore[no-untyped-def]
    token = await discord.fake.slash("11", "schedule", args="set 09:00")
    answer = await discord.answer_of(token)
    assert answer["data"]["flags"] & EPHEMERAL
    assert "Only workspace admins" in answer["data"]["embeds"][0]["description"]
    bad = await discord.answer_of(await discord.fake.slash("19", "schedule", args="set 9 o'clock"))
    assert "Usage" in bad["data"]["embeds"][0]["description"]


async def test_a_configured_role_counts_as_admin(discord_world) -> None:  # type: ignore[no-untyped-def]
    world = await discord_world(discord_admin_role="drill-admins")
    world.fake.admins.discard("11")
    role = {
        "id": "555",
        "name": "drill-admins",
        "permissions": "0",
        "position": 1,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    await world.fake.dispatch("GUILD_ROLE_CREATE", {"guild_id": world.fake.guild_id, "role": role})
    payload = world.fake.interaction(
        "11",
        2,
        {
            "id": "400",
            "name": "drill",
            "type": 1,
            "options": [{"name": "schedule", "type": 1, "options": [{"name": "args", "type": 3, "value": "pause"}]}],
        },
    )
    payload["member"]["roles"] = ["555"]
    await world.fake.dispatch("INTERACTION_CREATE", payload)
    answer = await world.answer_of(payload["token"])
    assert answer["data"]["embeds"][0]["title"] == "Schedule updated"


async def test_answering_through_the_modal(discord, clock) -> None:  # type: ignore[no-untyped-def]
    card, _ = await post_question(discord, clock)
    answer_button = buttons_of(card)["Answer"]
    opened = await discord.answer_of(await discord.fake.press("11", answer_button, card["id"]))
    assert opened["type"] == 9  # MODAL
    assert opened["data"]["custom_id"].startswith("drill-answer:")
    token = await discord.fake.submit("11", opened["data"]["custom_id"], {"answer": GOOD})
    done = await discord.answer_of(token)
    assert done["data"]["flags"] & EPHEMERAL and "answer recorded" in done["data"]["embeds"][0]["description"]
    with discord.bot.session() as session:
        assert session.exec(select(AnswerMessage.text)).one() == GOOD


async def test_buttons_and_modals_work_after_a_restart(discord_world, clock) -> None:  # type: ignore[no-untyped-def]
    first = await discord_world()
    card, _ = await post_question(first, clock)
    await first.client.close()

    second = await discord_world()  # a new process: nothing in memory but the database
    assert second.fake.identified == 2
    hint = await second.answer_of(await second.fake.press("12", buttons_of(card)["Hint"], card["id"]))
    assert hint["data"]["flags"] & EPHEMERAL and hint["data"]["embeds"][0]["title"] == "Hint"
    round_id = buttons_of(card)["Answer"].rsplit(":", 1)[1]
    token = await second.fake.submit("12", f"drill-answer:{round_id}", {"answer": GOOD})
    assert "answer recorded" in (await second.answer_of(token))["data"]["embeds"][0]["description"]
    denied = await second.answer_of(await second.fake.press("12", buttons_of(card)["Reveal now"], card["id"]))
    assert "Only admins" in denied["data"]["embeds"][0]["description"]
    revealed = await second.answer_of(await second.fake.press("19", buttons_of(card)["Reveal now"], card["id"]))
    assert "Revealed" in revealed["data"]["embeds"][0]["description"]
    await second.until(lambda s: s.exec(select(Round.status)).one(), "revealed")


async def test_a_practice_question_and_a_chart(discord) -> None:  # type: ignore[no-untyped-def]
    token = await discord.fake.slash("11", "ask", topic="evaluation", difficulty=1)
    assert "Practice question posted" in (await discord.answer_of(token))["data"]["embeds"][0]["description"]
    (card,) = [m for m in discord.fake.posted(discord.fake.channel_id) if m["components"]]
    assert card["embeds"][0]["title"] == "Practice question" and "thread" in card
    chart = await discord.answer_of(await discord.fake.slash("11", "leaderboard", chart=True))
    assert chart["data"]["embeds"][0]["image"]["url"] == "attachment://drillbot-chart.png"
    ((name, data),) = discord.fake.uploads
    assert name == "drillbot-chart.png" and data.startswith(b"\x89PNG")


async def test_a_post_discord_took_but_whose_answer_was_lost_is_not_sent_twice(discord, clock) -> None:  # type: ignore[no-untyped-def]
    token = await discord.fake.slash("19", "schedule", args="set 09:00 UTC")
    await discord.answer_of(token)
    discord.fake.lose_answer("POST /channels/200/messages")
    clock.advance(timedelta(hours=1))
    await tick(discord.bot)
    (card,) = [m for m in discord.fake.posted(discord.fake.channel_id) if m["components"]]
    with discord.bot.session() as session:
        round_ = session.exec(select(Round)).one()
    assert round_.status == "posted" and round_.message_id == card["id"]


async def test_find_sent_recognises_our_keyed_card_after_a_crash(discord, clock) -> None:  # type: ignore[no-untyped-def]
    from bot.chat.ports import Place, Reply

    port = discord.bot.ports["discord"]
    place = Place(discord.fake.guild_id, discord.fake.channel_id)
    since = clock.now()
    assert await port.find_sent(place, "round-77", since) is None
    card = Reply(title="Q", body="What is a fold?", key="round-77", opens_thread=True)
    posted = await port.post(place, card)
    other = await port.post(place, Reply(title="Other", key="round-78"))
    assert (await port.find_sent(place, "round-77", since)).thread_id is None  # a card alone: never its own thread
    sent = await port.open_thread(posted, card)
    found = await port.find_sent(place, "round-77", since)
    assert found == sent and found.thread_id == discord.fake.messages[sent.message_id]["thread"]["id"]
    assert (await port.find_sent(place, "round-78", since)) == other
    reveal = await port.reply_in_thread(sent, Reply(title="The answer", key="reveal-77"))
    assert (await port.find_sent(place, "reveal-77", since, sent.thread_id)).message_id == reveal.message_id


async def test_auto_sharding_asks_discord_for_the_gateway_and_shard_count(discord_world) -> None:  # type: ignore[no-untyped-def]
    world = await discord_world(discord_shards="auto")
    assert world.client.shard_count == 1 and world.client.shards.keys() == {0}
    token = await world.fake.slash("11", "topics")
    assert (await world.answer_of(token))["type"] == 4


async def test_replies_posted_while_drillbot_was_down_count_at_the_reveal(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    _, thread = await post_question(discord, clock)
    await fake.say(thread, "11", GOOD)
    await discord.until(lambda s: s.exec(select(func.count()).select_from(AnswerMessage)).one(), 1)
    fake.user_message(thread, "12", "Folds: hold each one out once and average the scores.")  # no gateway event

    clock.advance(timedelta(hours=8))
    await tick(discord.bot)
    (reveal,) = [m for m in fake.posted(thread) if m["author"]["id"] == fake.bot_id]
    text = shown(reveal)
    assert "Alice" in text and "Bob" in text and "2 answered" in text
    with discord.bot.session() as session:
        assert session.exec(select(func.count()).select_from(Answer).where(Answer.late == False)).one() == 2  # noqa: E712


async def test_an_answer_deleted_while_drillbot_was_down_is_removed_at_the_reveal(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    _, thread = await post_question(discord, clock)
    alice = await fake.say(thread, "11", GOOD)
    bob = await fake.say(thread, "12", "Folds: hold each one out once and average the scores.")
    await discord.until(lambda s: s.exec(select(func.count()).select_from(AnswerMessage)).one(), 2)
    del fake.messages[alice["id"]]  # deleted on Discord; the MESSAGE_DELETE never reached us

    clock.advance(timedelta(hours=8))
    await tick(discord.bot)
    (reveal,) = [m for m in fake.posted(thread) if m["author"]["id"] == fake.bot_id]
    assert "Bob" in shown(reveal) and "Alice" not in shown(reveal)
    with discord.bot.session() as session:
        assert session.exec(select(AnswerMessage.message_id)).all() == [bob["id"]]


async def test_only_deletions_in_the_part_of_the_thread_that_was_read_count(discord, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    _, thread = await post_question(discord, clock)
    said = [await fake.say(thread, "11", f"part {n}: hold each fold out once") for n in range(4)]
    await discord.until(lambda s: s.exec(select(func.count()).select_from(AnswerMessage)).one(), 4)
    del fake.messages[said[0]["id"]]
    del fake.messages[said[3]["id"]]
    monkeypatch.setattr(port_module, "HISTORY_LIMIT", 2)  # one page: the oldest two left, said[1] and said[2]

    clock.advance(timedelta(hours=8))
    await tick(discord.bot)
    with discord.bot.session() as session:  # said[0] was in the page's range; said[3] came after it
        kept = sorted(session.exec(select(AnswerMessage.message_id)).all(), key=int)
    assert kept == [m["id"] for m in said[1:]]
