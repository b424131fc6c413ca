"""Messages a newcomer meets when a command is mistyped (issue 14): each says what is wrong."""

from __future__ import annotations

import pytest

from bot.commands import grammar as g
from bot.db.models import Channel
from bot.usecases import schedules


@pytest.mark.parametrize(
    ("text", "command", "words"),
    [
        ("answer", "answer", "Write your answer after"),
        ("/drill answer", "answer", "Write your answer after"),
        ("answer   ", "answer", "Write your answer after"),
        ("ask evaluation 7", "ask", "`7` is not a difficulty: use 1 (easy), 2 or 3 (hard)."),
        ("ask 2.5", "ask", "`2.5` is not a difficulty"),
        ("ask -1 mlops", "ask", "`-1` is not a difficulty"),
        ("ask mlops data", "ask", "Unexpected `data`: give at most one topic."),
        ("ask 1 2", "ask", "Unexpected `2`: give at most one difficulty."),
        ("help frobnicate", "help", "Unknown command `frobnicate`. Commands: help, ask, today"),
        ("help revel", "help", "Unknown command `revel`. Did you mean `reveal`?"),
        ("help ask today", "help", "Name one command"),
        ("leaderboard week all", "leaderboard", "Give one period, not `week` and `all`."),
        ("leaderboard channel team", "leaderboard", "Give one scope, not `channel` and `team`."),
        ("schedule set 09:00 reveal after 30h", "schedule", "A reveal 30h after posting, which is after the next"),
        ("schedule set 09:00 reveal 09:15", "schedule", "A reveal at 09:15 comes 24h15m after the 09:00 post"),
        ("schedule set 09:00 days mon,wed reveal after 50h", "schedule", "(48h later on these days)"),
    ],
)
def test_each_mistake_says_what_is_wrong(text: str, command: str, words: str) -> None:
    with pytest.raises(g.UsageError) as caught:
        g.parse(text)
    assert caught.value.command == command
    assert words in caught.value.problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("schedule set 09:00 difficulty all", g.ScheduleChange(post_time="09:00", difficulties=[])),
        (
            "schedule set 09:00 topics all difficulty all",
            g.ScheduleChange(post_time="09:00", topics=[], difficulties=[]),
        ),
        (
            "schedule set 09:00 days mon reveal after 100h",
            g.ScheduleChange(post_time="09:00", weekdays="mon", reveal_after_minutes=6000),
        ),
        ("schedule set 09:00 reveal 08:00", g.ScheduleChange(post_time="09:00", reveal_time="08:00")),
    ],
)
def test_schedule_set_accepts_all_and_reveals_before_the_next_post(text: str, expected: g.ScheduleChange) -> None:
    assert g.parse(text) == g.Schedule("set", expected)


def test_schedule_set_gives_what_it_does_not_name_the_documented_defaults() -> None:
    channel = Channel(
        workspace_id=1,
        external_id="C1",
        scheduled=True,
        post_time="08:00",
        timezone="Europe/Berlin",
        weekdays="sat,sun",
        reveal_time="17:00",
        reveal_after_minutes=None,
        topics="mlops",
        difficulties="3",
    )
    command = g.parse("schedule set 9am")
    assert isinstance(command, g.Schedule)
    schedules.apply_change(channel, command.change)
    assert (channel.post_time, channel.timezone) == ("09:00", "Europe/Berlin")  # the zone stays
    assert channel.weekdays == "mon,tue,wed,thu,fri"
    assert (channel.reveal_time, channel.reveal_after_minutes) == (None, 480)
    assert (channel.topics, channel.difficulties) == ("", "")
    assert "mon, tue, wed, thu, fri; reveal 8h after posting. Topics: all topics. Difficulty: all." in (
        schedules.describe(channel)
    )
