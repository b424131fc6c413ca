"""On Discord, help and usage lines show options and choices by name (how people type
them in Discord's command picker), generated from the same specs as the text syntax."""

from __future__ import annotations

from adapters.discord.sync import sync_commands
from bot.commands.types import PERIODS
from bot.usecases.points import RULE_NAMES
from tests.discord.conftest import settings_for


def described(answer: dict) -> str:  # type: ignore[type-arg]
    return answer["data"]["embeds"][0]["description"]


async def test_help_shows_options_and_choices_by_name(discord) -> None:  # type: ignore[no-untyped-def]
    text = described(await discord.answer_of(await discord.fake.slash("11", "help")))
    assert (
        "`/drill leaderboard [period:week|month|season|all] [scope:team|channel] [group:NAME] [chart:True] "
        "[past_season:PREV|2026-Q3]`"
    ) in text
    assert "`/drill group action:create|join|leave|members|list [name:NAME]`" in text
    assert "`/drill schedule [args:show | set HH:MM [TZ]" in text
    assert "[week|month|season|all] [channel | group NAME]" not in text  # not the text syntax
    one = described(await discord.answer_of(await discord.fake.slash("11", "help", command="points")))
    assert "`/drill points [action:show|set|reset] [rule:answer|coverage|kudos-cap|streak-bonus|streak-after]" in one


async def test_a_mistake_gets_its_usage_in_discords_syntax(discord) -> None:  # type: ignore[no-untyped-def]
    text = described(await discord.answer_of(await discord.fake.slash("11", "group", action="join")))
    assert "`group join` takes one group name." in text
    assert "Usage: `/drill group action:create|join|leave|members|list [name:NAME]`" in text
    text = described(await discord.answer_of(await discord.fake.slash("19", "schedule", args="explode")))
    assert "Unknown schedule action `explode`" in text and "Usage: `/drill schedule [args:show | set" in text
    text = described(await discord.answer_of(await discord.fake.slash("11", "leaderboard", scope="channel", group="x")))
    assert "Give one scope, not `channel` and `group`." in text and "[scope:team|channel]" in text


async def test_points_and_seasons_are_typed_options(discord) -> None:  # type: ignore[no-untyped-def]
    token = await discord.fake.slash("19", "points", action="set", rule="kudos-cap", value=5)
    answer = await discord.answer_of(token)
    assert answer["data"]["embeds"][0]["title"] == "Points rules updated"
    assert "up to 5 per answer" in described(answer)
    answer = await discord.answer_of(await discord.fake.slash("19", "season", action="start"))
    assert answer["data"]["embeds"][0]["title"] == "Season"


async def test_sync_registers_the_value_sets_as_choices(fake_discord) -> None:  # type: ignore[no-untyped-def]
    await sync_commands(settings_for(fake_discord), 100)
    (drill,) = fake_discord.commands["100"]
    options = {(sub["name"], o["name"]): o for sub in drill["options"] for o in sub.get("options", [])}
    assert [c["value"] for c in options["leaderboard", "period"]["choices"]] == list(PERIODS)
    assert [c["value"] for c in options["points", "rule"]["choices"]] == list(RULE_NAMES)
    assert options["group", "action"]["required"] is True
    assert (options["ask", "difficulty"]["min_value"], options["ask", "difficulty"]["max_value"]) == (1, 3)


async def test_examples_in_replies_are_written_as_options(discord) -> None:  # type: ignore[no-untyped-def]
    text = described(await discord.answer_of(await discord.fake.slash("11", "group", action="list")))
    assert "Start one with `/drill group action:create name:NAME`." in text
