"""Issue 24: one open practice question per channel, per-person cooldowns on public
posts, caps on what people create, and `/drill limits`; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.chat.errors import PermanentSendError
from bot.chat.ports import ChannelRef
from bot.chat.text import plain
from bot.commands import grammar as g
from bot.db.models import PublicPost
from bot.usecases.limits import DEFAULTS, Limits, check_dispute_allowed
from tests.helpers import ALICE, BOB, BOSS, CAROL, GENERAL, OTHER_TENANT, TENANT, make_channel, post_today, shown


async def command(bot, text, user=ALICE, channel=GENERAL):  # type: ignore[no-untyped-def]
    return await bot.handle_command(TENANT, channel, user, text)


async def test_twenty_asks_from_one_person_give_one_post_and_nineteen_private_answers(bot, port) -> None:
    replies = [await command(bot, "ask") for _ in range(20)]
    assert len(port.of_kind("post")) == 1
    assert "Practice question posted" in replies[0].body
    refusals = replies[1:]
    assert len(refusals) == 19 and all(r.private for r in refusals)
    for reply in refusals:
        text = shown(reply)
        assert "A practice question is open here" in text
        assert "revealed at 08:30 UTC" in text  # practice questions reveal 30 minutes after posting
    assert not port.of_kind("private")  # the refusals are the command's own private answers


async def test_an_admins_new_opens_a_second_and_a_members_new_does_not(bot, port) -> None:
    await command(bot, "ask")
    refused = await command(bot, "ask new", BOB)
    assert "Only admins can open another" in shown(refused) and refused.private
    assert "/drill ask new" in shown(await command(bot, "ask", BOSS))  # told how, not done
    assert len(port.of_kind("post")) == 1
    assert "Practice question posted" in shown(await command(bot, "ask new", BOSS))
    assert len(port.of_kind("post")) == 2
    # The admin's question counts as open: a member still cannot open a third.
    assert "open here" in shown(await command(bot, "ask", CAROL))


async def test_the_next_question_may_be_asked_once_the_open_one_is_revealed(bot, port) -> None:
    await command(bot, "ask")
    assert "open here" in shown(await command(bot, "ask", BOB))
    assert "Revealed" in shown(await command(bot, "reveal", ALICE))
    assert "Practice question posted" in shown(await command(bot, "ask", BOB))


async def test_the_daily_question_does_not_count_and_other_channels_are_separate(bot, port) -> None:
    channel = make_channel(bot)
    await post_today(bot, channel)
    assert "Practice question posted" in shown(await command(bot, "ask"))
    other = ChannelRef("C2", "random")
    assert "Practice question posted" in shown(await command(bot, "ask", BOB, other))
    assert len(port.of_kind("post")) == 3


async def test_open_questions_is_a_workspace_setting(bot, port) -> None:
    assert "Limits updated" in (await command(bot, "limits set open-questions 2", BOSS)).title
    await command(bot, "ask")
    assert "Practice question posted" in shown(await command(bot, "ask", BOB))
    assert "2 practice questions are open here" in shown(await command(bot, "ask", CAROL))


async def test_a_cooldown_refuses_privately_and_expires_on_the_virtual_clock(bot, clock, port) -> None:
    await command(bot, "limits set open-questions 20", BOSS)
    for _ in range(3):
        assert "Practice question posted" in shown(await command(bot, "ask"))
    refused = await command(bot, "ask")
    assert refused.private and len(port.of_kind("post")) == 3
    assert "3 times in the last 10 minutes" in shown(refused)
    assert "post again at 08:10 UTC (in 10 minutes)" in shown(refused)
    clock.advance(timedelta(minutes=4))
    assert "post again at 08:10 UTC (in 6 minutes)" in shown(await command(bot, "ask"))
    clock.advance(timedelta(minutes=6))
    assert "Practice question posted" in shown(await command(bot, "ask"))
    assert "Practice question posted" in shown(await command(bot, "ask", BOB))  # per person


async def test_the_window_slides_from_each_post(bot, clock) -> None:
    await command(bot, "limits set open-questions 20", BOSS)
    await command(bot, "ask")
    clock.advance(timedelta(minutes=5))
    await command(bot, "ask")
    await command(bot, "ask")
    clock.advance(timedelta(minutes=5, seconds=1))  # the first has left the window, the others not
    assert "Practice question posted" in shown(await command(bot, "ask"))
    assert "post again at 08:15 UTC" in shown(await command(bot, "ask"))


async def test_admins_are_exempt_from_the_cooldown(bot, port) -> None:
    for _ in range(6):
        assert "Practice question posted" in shown(await command(bot, "ask new", BOSS))
    assert len(port.of_kind("post")) == 6
    with bot.session() as session:
        assert session.exec(select(PublicPost)).all() == []


async def test_leaderboards_count_and_over_the_limit_are_shown_only_to_the_asker(bot, clock) -> None:
    for _ in range(2):
        assert not (await command(bot, "leaderboard")).private
    await command(bot, "ask")  # the third public post
    over = await command(bot, "leaderboard chart")
    assert over.private and "Shown only to you" in plain(over.footer) and "08:10 UTC" in plain(over.footer)
    assert over.image is None and "Ask for the chart again then" in plain(over.footer)  # no upload to the channel
    assert not (await command(bot, "leaderboard", BOB)).private
    clock.advance(timedelta(minutes=10))
    assert not (await command(bot, "leaderboard")).private


async def test_cooldown_settings_change_it_and_zero_turns_it_off(bot, clock) -> None:
    await command(bot, "limits set open-questions 20", BOSS)
    await command(bot, "limits set cooldown-posts 1", BOSS)
    await command(bot, "limits set cooldown-minutes 2", BOSS)
    await command(bot, "ask")
    assert "1 time in the last 2 minutes" in shown(await command(bot, "ask"))
    await command(bot, "limits set cooldown-minutes 0", BOSS)
    for _ in range(5):
        assert "Practice question posted" in shown(await command(bot, "ask"))


async def test_group_caps_refuse_with_the_limit(bot) -> None:
    long_name = "a" * 33
    refused = await command(bot, f"group create {long_name}")
    assert "at most 32 characters" in shown(refused) and refused.private
    await command(bot, "limits set groups 2", BOSS)
    await command(bot, "limits set group-members 2", BOSS)
    assert "Created" in shown(await command(bot, "group create one"))
    assert "Created" in shown(await command(bot, "group create two", BOB))
    full = await command(bot, "group create three", CAROL)
    assert "2 study groups, the limit (2)" in shown(full) and full.private
    assert "joined" in shown(await command(bot, "group join one", BOB))
    crowded = await command(bot, "group join one", CAROL)
    assert "one has 2 members, the limit per group (2)" in shown(crowded)
    assert "already in" in shown(await command(bot, "group join one", BOB))
    await command(bot, "group leave one", BOB)
    assert "joined" in shown(await command(bot, "group join one", CAROL))
    listed = shown(await command(bot, "group list"))
    assert "three" not in listed and "one" in listed


async def test_limits_are_shown_and_only_admins_change_them(bot) -> None:
    shown_limits = shown(await command(bot, "limits"))
    for name in ("open-questions", "cooldown-posts", "cooldown-minutes", "groups", "group-members"):
        assert f"• {name} " in shown_limits
    assert "disputes-per-round 1:" in shown_limits and "cooldown-posts 3:" in shown_limits
    help_limits = await command(bot, "help limits")
    assert "cooldown-minutes 10:" in shown(help_limits) and "Usage:" in help_limits.footer
    assert "Only workspace admins" in shown(await command(bot, "limits set groups 5"))
    assert "from 1 to 1000" in shown(await command(bot, "limits set groups 0", BOSS))
    changed = await command(bot, "limits set groups 5", BOSS)
    assert "groups 5 (default 50)" in shown(changed) and not changed.private
    await command(bot, "limits set groups 7", BOSS)  # a second set updates the same row
    assert "groups 7 (default 50)" in shown(await command(bot, "limits"))
    await command(bot, "limits reset groups", BOSS)
    assert "groups 50:" in shown(await command(bot, "limits"))


async def test_bad_limits_commands_get_the_usage_line(bot) -> None:
    for text, problem in [
        ("limits set grops 5", "Did you mean `groups`?"),
        ("limits set groups many", "not a whole number"),
        ("limits set groups", "Give a limit and a whole number"),
        ("limits frobnicate", "Unknown limits action"),
    ]:
        reply = await command(bot, text, BOSS)
        assert reply.kind == "usage" and problem in reply.body
        assert "/drill limits | limits set NAME VALUE" in reply.body


async def test_limits_belong_to_one_workspace(bot) -> None:
    await command(bot, "limits set open-questions 3", BOSS)
    other = await bot.handle_command(OTHER_TENANT, GENERAL, BOSS, "limits")
    assert "open-questions 1:" in shown(other)


def test_disputes_one_per_round_and_a_daily_cap() -> None:
    assert check_dispute_allowed(DEFAULTS, on_this_round=0, today=0) is None
    assert "one dispute per person per question" in (check_dispute_allowed(DEFAULTS, 1, 1) or "")
    assert "limit per person per day (5)" in (check_dispute_allowed(DEFAULTS, 0, 5) or "")
    two = Limits(disputes_per_round=2)
    assert check_dispute_allowed(two, 1, 1) is None
    assert "the limit (2)" in (check_dispute_allowed(two, 2, 2) or "")


async def test_a_question_the_platform_refused_does_not_block_the_channel_silently(bot, port) -> None:
    async def refuse(place, reply):  # type: ignore[no-untyped-def]
        raise PermanentSendError("not_in_channel", "Invite @Drillbot to {channel}.")

    port.post = refuse
    assert "Invite @Drillbot to #general" in shown(await command(bot, "ask"))
    again = await command(bot, "ask", BOB)
    assert again.body == "I can't post here. Invite @Drillbot to #general."


async def test_a_group_announcement_over_the_cooldown_is_shown_only_to_its_author(bot) -> None:
    for _ in range(3):
        assert not (await command(bot, "leaderboard")).private
    created = await command(bot, "group create readers")
    assert "Created study group" in shown(created) and created.private and "Shown only to you" in plain(created.footer)
    assert "readers" in shown(await command(bot, "group list"))  # the group exists all the same


def test_the_grammar_of_ask_new_and_limits() -> None:
    assert g.parse("ask evaluation 2 new") == g.Ask("evaluation", 2, None, new=True)
    assert g.parse("ask new group readers") == g.Ask(None, None, "readers", new=True)
    assert g.parse("limits") == g.LimitsCommand("show")
    assert g.parse("limits set COOLDOWN-POSTS 5") == g.LimitsCommand("set", "cooldown-posts", 5)
    assert g.parse("limits reset") == g.LimitsCommand("reset")
    assert g.parse("limits reset groups") == g.LimitsCommand("reset", "groups")


async def test_a_question_past_its_reveal_time_is_said_to_be_revealing(bot, clock) -> None:
    await command(bot, "ask")
    clock.advance(timedelta(minutes=31))  # due, but no tick has revealed it yet
    assert "It is being revealed now" in shown(await command(bot, "ask", BOB))
