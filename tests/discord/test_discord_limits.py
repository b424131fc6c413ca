"""Issue 24 on Discord: the real discord.py client against the fake Discord. Twenty
asks at once give one question and nineteen ephemeral answers that link to it; an
admin's `new` opens a second; a cooldown expires on the virtual clock."""

from __future__ import annotations

from datetime import timedelta

from tests.discord.test_discord_reveal import shown

EPHEMERAL = 64


def cards(fake) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return [m for m in fake.posted(fake.channel_id) if m["components"]]


async def test_twenty_asks_give_one_question_and_nineteen_private_answers(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    tokens = [await fake.slash("11", "ask") for _ in range(20)]
    answers = [await discord.answer_of(token) for token in tokens]
    (card,) = cards(fake)
    posted = [a for a in answers if "Practice question posted" in shown(a["data"])]
    refused = [a for a in answers if "A practice question is open here" in shown(a["data"])]
    assert len(posted) == 1 and len(refused) == 19
    assert all(a["data"]["flags"] & EPHEMERAL for a in refused)

    link = f"https://discord.com/channels/{fake.guild_id}/{fake.channel_id}/{card['id']}"
    later = (await discord.answer_of(await fake.slash("12", "ask")))["data"]
    assert link in shown(later) and "revealed at" in shown(later) and later["flags"] & EPHEMERAL

    member_new = (await discord.answer_of(await fake.slash("12", "ask", new=True)))["data"]
    assert "Only admins can open another" in shown(member_new)
    admin_new = (await discord.answer_of(await fake.slash("19", "ask", new=True)))["data"]
    assert "Practice question posted" in shown(admin_new)
    assert len(cards(fake)) == 2


async def test_a_cooldown_expires_on_the_virtual_clock(discord, clock) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    changed = await discord.answer_of(await fake.slash("19", "limits", args="set open-questions 10"))
    assert "`open-questions` 10 (default 1)" in shown(changed["data"])
    for _ in range(3):
        assert "posted" in shown((await discord.answer_of(await fake.slash("11", "ask")))["data"])
    refused = (await discord.answer_of(await fake.slash("11", "ask")))["data"]
    again = int((clock.now() + timedelta(minutes=10)).timestamp())  # shown in each reader's zone, counting down
    assert refused["flags"] & EPHEMERAL and f"You can post again at <t:{again}:t> (<t:{again}:R>)" in shown(refused)
    assert len(cards(fake)) == 3
    clock.advance(timedelta(minutes=10))
    assert "posted" in shown((await discord.answer_of(await fake.slash("11", "ask")))["data"])
    assert len(cards(fake)) == 4


async def test_limits_are_listed_and_only_admins_change_them(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    listed = (await discord.answer_of(await fake.slash("11", "help", command="limits")))["data"]
    assert "`cooldown-posts` 3" in shown(listed) and listed["flags"] & EPHEMERAL
    refused = (await discord.answer_of(await fake.slash("11", "limits", args="set groups 3")))["data"]
    assert "Only workspace admins" in shown(refused)
