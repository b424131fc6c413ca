"""A reveal of any size on Discord, against a fake that answers 400 (code 50035) to a
message over Discord's limits, as Discord does; each person's feedback is ephemeral;
mentions notify only the people meant, from the message content."""

from __future__ import annotations

import re

import pytest
from sqlmodel import func, select

from bot.chat.ports import Tenant, ThreadRef
from bot.db.models import Answer, Round
from tests.reveal_helpers import answer_many, name_of, the_round

EPHEMERAL = 64
EVIL = "@everyone **x** <@&123456789012345678>"


def reveal_messages(fake, thread: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    mine = [m for m in fake.posted(thread) if m["author"]["id"] == fake.bot_id and m["embeds"]]
    return sorted(mine, key=lambda m: int(m["id"]))


def shown(message: dict) -> str:  # type: ignore[type-arg]
    embed = message["embeds"][0]
    parts = [embed.get("title") or "", embed.get("description") or "", (embed.get("footer") or {}).get("text", "")]
    parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


async def ask(discord) -> str:  # type: ignore[no-untyped-def]
    await discord.fake.slash("19", "ask", topic="evaluation")
    await discord.until(lambda s: s.exec(select(Round.thread_id)).first() is not None, True)
    return the_round(discord.bot).thread_id  # type: ignore[return-value]


@pytest.mark.parametrize("answers", [1, 20, 60, 300])
async def test_a_reveal_of_any_size_shows_everyone_once(discord, answers: int) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    thread = await ask(discord)
    ctx = Tenant("discord", fake.guild_id)
    await answer_many(discord.bot, ctx, ThreadRef(thread, thread), answers, lambda i: str(500000000000000000 + i))
    round_id = the_round(discord.bot).id
    token = await fake.slash("19", "reveal")
    await fake.wait_for(lambda: any("Revealed" in str(r) for r in fake.responses_to(token)), timeout=30)

    parts = reveal_messages(fake, thread)
    assert fake.refused == []
    keys = [p["embeds"][0]["footer"]["text"].rsplit(" · ref ", 1)[1] for p in parts]
    assert keys == [f"reveal-{round_id}"] + [f"reveal-{round_id}-{i}" for i in range(2, len(parts) + 1)]
    if answers == 300:
        assert len(parts) > 1  # 6,000 characters a message: continued in the thread
    text = "\n".join(shown(p) for p in parts)
    for i in range(1, answers + 1):
        assert len(re.findall(re.escape(name_of(i)) + " —", text)) == 1, name_of(i)
    assert f"{answers} answered" in shown(parts[-1])
    assert "Model answer" in shown(parts[0])
    (button,) = [c for row in parts[0]["components"] for c in row["components"]]
    assert button["label"] == "My feedback" and button["custom_id"] == f"drill:feedback:{round_id}"

    for i in {1, answers}:
        user = str(500000000000000000 + i)
        fake.add_user(user, name_of(i))
        response = await discord.answer_of(await fake.press(user, button["custom_id"], parts[0]["id"]))
        assert response["data"]["flags"] & EPHEMERAL
        mine = response["data"]["embeds"][0]
        assert mine["title"] == "Your feedback"
        assert re.search(r"(covered|partly|missed|contradicted) — ", mine["description"])


async def test_names_people_chose_never_ping_or_format_on_discord(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    fake.add_user("66", EVIL)
    await discord.answer_of(await fake.slash("11", "group", action="create", name="study"))
    joined = await discord.answer_of(await fake.slash("66", "group", action="join", name="study"))
    thread = await ask(discord)
    await fake.say(thread, "66", "We split into k folds and average.")
    await discord.until(lambda s: s.exec(select(func.count()).select_from(Answer)).one(), 1)
    await discord.answer_of(await fake.slash("19", "reveal"))
    await fake.wait_for(lambda: reveal_messages(fake, thread))
    board = await discord.answer_of(await fake.slash("66", "leaderboard", period="all"))

    echoed = [joined["data"]["embeds"][0]["description"], shown(reveal_messages(fake, thread)[0])]
    echoed.append(board["data"]["embeds"][0]["description"])
    for text in echoed:
        assert "@\u200beveryone \\*\\*x\\*\\* <@\u200b&123456789012345678>" in text, text
    sent = [*fake.messages.values(), *(c["message"] for c in fake.callbacks), *fake.followups]
    for message in sent:
        if message.get("author", {}).get("id") == fake.bot_id:
            assert not message["mention_everyone"] and message["mentions"] == []


async def test_a_group_question_notifies_exactly_its_members(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    await discord.answer_of(await fake.slash("11", "group", action="create", name="pairs"))
    await discord.answer_of(await fake.slash("12", "group", action="join", name="pairs"))
    await discord.answer_of(await fake.slash("19", "ask", topic="evaluation", group="pairs"))
    (card,) = [m for m in fake.posted(fake.channel_id) if m["author"]["id"] == fake.bot_id and m["components"]]
    assert card["content"] == "<@11> <@12>"  # in the content: mentions in an embed never notify
    assert [u["id"] for u in card["mentions"]] == ["11", "12"] and not card["mention_everyone"]
