"""The `/drill` grammar: every subcommand parses, every mistake gets its usage line."""

from __future__ import annotations

import pytest

from bot.commands import grammar as g


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", g.Help()),
        ("help", g.Help()),
        ("help ask", g.Help("ask")),
        ("/drill ask", g.Ask()),
        ("ask mlops 2", g.Ask("mlops", 2)),
        ("ask 3 medical-imaging", g.Ask("medical-imaging", 3)),
        ("today", g.Today()),
        ("reveal", g.Reveal()),
        ("leaderboard", g.Leaderboard("week", "team", None)),
        ("leaderboard month channel", g.Leaderboard("month", "channel", None)),
        ("leaderboard all group Radiology", g.Leaderboard("all", "group", "Radiology")),
        ("stats", g.Stats()),
        ("stats <@U123|ann>", g.Stats(g.UserSelector(external_id="U123"))),
        ("stats <@!4567>", g.Stats(g.UserSelector(external_id="4567"))),
        ("stats @ann", g.Stats(g.UserSelector(name="ann"))),
        ("topics", g.Topics()),
        ("schedule", g.Schedule("show")),
        ("schedule pause", g.Schedule("pause")),
        ("group list", g.Group("list")),
        ("group create ml-study", g.Group("create", "ml-study")),
    ],
)
def test_parses(text: str, expected: g.Command) -> None:
    assert g.parse(text) == expected


def test_schedule_set_with_every_option() -> None:
    command = g.parse("schedule set 9:30 Europe/Berlin days mon-wed reveal after 6h topics mlops,data difficulty 1-2")
    assert command == g.Schedule(
        "set",
        g.ScheduleChange(
            post_time="09:30",
            timezone="Europe/Berlin",
            weekdays="mon,tue,wed",
            reveal_after_minutes=360,
            topics=["mlops", "data"],
            difficulties=[1, 2],
        ),
    )


def test_schedule_set_reveal_time_and_12_hour_clock() -> None:
    command = g.parse("schedule set 8am days fri-mon reveal 5:30pm")
    assert command.change == g.ScheduleChange(post_time="08:00", weekdays="mon,fri,sat,sun", reveal_time="17:30")


@pytest.mark.parametrize(
    ("text", "command", "words"),
    [
        ("dance", "help", "Unknown command `dance`"),
        ("reveall", "help", "Did you mean `reveal`?"),
        ("ask bogus", "ask", "Topics: fundamentals"),
        ("ask mlops 2 3", "ask", "Unexpected `3`"),
        ("today please", "today", "takes no arguments"),
        ("leaderboard group", "leaderboard", "Name the group"),
        ("leaderboard yesterday", "leaderboard", "Unexpected `yesterday`"),
        ("stats ann", "stats", "not a mention"),
        ("schedule set", "schedule", "Give the posting time"),
        ("schedule set 25:00", "schedule", "not a time"),
        ("schedule set 09:00 Mars/Olympus", "schedule", "Unknown time zone `Mars/Olympus`"),
        ("schedule set 09:00 Europe/Berlinn", "schedule", "Europe/Berlin"),
        ("schedule set 09:00 days funday", "schedule", "not a day"),
        ("schedule set 09:00 reveal after forever", "schedule", "not a duration"),
        ("schedule set 09:00 difficulty 5", "schedule", "not a difficulty"),
        ("schedule set 09:00 topics cooking", "schedule", "Unknown topic"),
        ("schedule explode", "schedule", "Unknown schedule action"),
        ("group", "group", "Say what to do"),
        ("group join", "group", "takes one group name"),
        ("group create bad/name", "group", "not a group name"),
        ('ask "unclosed', "help", "unclosed quote"),
    ],
)
def test_mistakes_get_the_usage_of_their_subcommand(text: str, command: str, words: str) -> None:
    with pytest.raises(g.UsageError) as caught:
        g.parse(text)
    assert caught.value.command == command
    assert words in caught.value.problem
    assert caught.value.usage == g.USAGE[command]
    assert str(caught.value).endswith(f"Usage: {g.USAGE[command]}")


def test_every_usage_line_has_a_summary() -> None:
    assert set(g.USAGE) == set(g.SUMMARY)
