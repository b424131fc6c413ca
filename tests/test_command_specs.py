"""One spec per `/drill` command: the parser, help, Discord's options and the README
table all come from it, and adding a command touches only its spec, use case and test."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import discord
import pytest
from discord import app_commands

from adapters.command_table import MANIFEST, README, table, usage_hint, with_hint, with_table
from adapters.discord.commands import drill_group
from adapters.discord.syntax import as_options, in_discord_syntax, usage
from bot.chat.text import said
from bot.commands import grammar as g
from bot.commands.catalog import SPECS
from bot.commands.spec import REGISTRY, CommandSpec, Option, UsageError, register
from bot.commands.types import GROUP_ACTIONS, PERIODS, Command
from bot.render import info
from bot.usecases.points import RULE_NAMES
from tests.helpers import ALICE, GENERAL, TENANT, shown

MODULES = Path(__file__).resolve().parents[1] / "bot" / "commands"


def test_the_readme_table_is_the_specs() -> None:
    readme = README.read_text(encoding="utf-8")
    expected = with_table(readme)
    drift = "".join(difflib.unified_diff(readme.splitlines(True), expected.splitlines(True), "README.md", "specs"))
    assert not drift, f"README.md's command table drifted; run `python3 -m adapters.command_table`:\n{drift}"


def test_the_slack_manifests_usage_hint_is_the_specs() -> None:
    manifest = MANIFEST.read_text(encoding="utf-8")
    assert manifest == with_hint(manifest), "run `python3 -m adapters.command_table`"
    assert "leaderboard" in usage_hint() and "limits" in usage_hint()
    assert len(usage_hint()) <= 1000  # Slack's manifest schema: usage_hint is 1 to 1,000 characters


def test_the_table_has_every_command_in_both_syntaxes() -> None:
    rows = table().splitlines()[2:]
    assert [row.split("`")[1].split()[1] for row in rows] == [spec.name for spec in SPECS]
    assert "`/drill leaderboard [period:week\\|month\\|season\\|all]" in table()


def test_value_sets_come_from_one_place() -> None:
    options = {(spec.name, o.name): o for spec in SPECS for o in spec.options}
    assert options["leaderboard", "period"].choices == PERIODS
    assert options["group", "action"].choices == GROUP_ACTIONS
    assert options["points", "rule"].choices == tuple(RULE_NAMES)
    assert options["help", "command"].choices == tuple(s.name for s in SPECS if s.name != "help")
    assert "|".join(RULE_NAMES) in g.USAGE["points"] and "|".join(PERIODS) in g.USAGE["leaderboard"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_spec_is_whole(spec: CommandSpec) -> None:
    assert spec.summary and spec.usage_line.startswith(f"/drill {spec.name}")
    assert issubclass(spec.makes, Command)
    assert g.spec_of(spec.makes.__new__(spec.makes)) is spec
    assert len(spec.summary) < 100 and all(len(o.description) <= 100 for o in spec.options)


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        (
            "leaderboard",
            {"period": "all", "group": "pairs", "chart": True},
            g.Leaderboard("all", "group", "pairs", True),
        ),
        ("leaderboard", {"period": "week", "scope": "team", "chart": False}, g.Leaderboard()),
        ("leaderboard", {"scope": "channel"}, g.Leaderboard("week", "channel")),
        ("ask", {"topic": "mlops", "difficulty": 2, "group": "pairs"}, g.Ask("mlops", 2, "pairs")),
        ("stats", {"user": 4567}, g.Stats(g.UserSelector(external_id="4567"))),
        ("group", {"action": "join", "name": "pairs"}, g.Group("join", "pairs")),
        ("points", {"action": "set", "rule": "kudos-cap", "value": 0}, g.Points("set", "kudos-cap", 0)),
        ("points", {"action": "show"}, g.Points("show")),
        ("season", {"action": "start", "start": "2026-01-05"}, g.Season("start", date(2026, 1, 5))),
        ("season", {}, g.Season("show")),
        ("schedule", {"args": "show"}, g.Schedule("show")),
        ("schedule", {"args": "details public"}, g.Schedule("details", details="public")),
        ("feedback", {"question": 7}, g.Feedback(7)),
        ("answer", {"text": "it's the bias, mostly"}, g.AnswerReview("it's the bias, mostly")),
        ("help", {"command": "points"}, g.Help("points")),
        ("web", {"action": "show-answers off"}, g.Web("show-answers", False)),
        ("web", {"action": "link"}, g.Web()),
    ],
)
def test_typed_options_go_back_into_the_one_grammar(name: str, values: dict, expected: Command) -> None:  # type: ignore[type-arg]
    assert g.parse(REGISTRY[name].words(values)) == expected


def test_usage_in_discords_syntax_names_options_and_choices() -> None:
    assert usage(REGISTRY["leaderboard"]) == (
        "/drill leaderboard [period:week|month|season|all] [scope:team|channel] [group:NAME] [chart:True] "
        "[past_season:PREV|2026-Q3]"
    )
    assert usage(REGISTRY["group"]) == "/drill group action:create|join|leave|members|list [name:NAME]"
    assert usage(REGISTRY["schedule"]).startswith("/drill schedule [args:show | set HH:MM [TZ]")
    said = f"Unexpected `x`.\nUsage: `{g.USAGE['ask']}`"
    assert (
        in_discord_syntax(said)
        == "Unexpected `x`.\nUsage: `/drill ask [topic:TOPIC] [difficulty:1-3] [group:NAME] [private:True] [new:True]`"
    )
    assert (
        in_discord_syntax("Answer with `/drill answer YOUR ANSWER`.") == "Answer with `/drill answer text:YOUR ANSWER`."
    )


@pytest.mark.parametrize(
    ("example", "on_discord"),
    [
        ("/drill schedule resume", "/drill schedule args:resume"),
        ("/drill points set kudos-cap 5", "/drill points action:set rule:kudos-cap value:5"),
        ("/drill leaderboard season", "/drill leaderboard period:season"),
        ("/drill leaderboard group NAME", "/drill leaderboard group:NAME"),
        ("/drill group create NAME", "/drill group action:create name:NAME"),
        ("/drill ask TOPIC [1-3]", "/drill ask topic:TOPIC [difficulty:1-3]"),
        ("/drill feedback 2", "/drill feedback question:2"),
        ("/drill help ask", "/drill help command:ask"),
        ("/drill stats @ann", "/drill stats user:@ann"),
        ("/drill review", "/drill review"),
        ("/drill web show-answers on", "/drill web action:show-answers on"),
        ("/drill ask bogus", None),  # not something the options can say: left as written
        ("/drill NAME", None),
        ("/drill", None),
    ],
)
def test_examples_in_our_text_become_discord_options(example: str, on_discord: str | None) -> None:
    assert as_options(example) == on_discord
    assert as_options(example.replace("/drill", "/other")) is None
    assert in_discord_syntax(f"Try `{example}`.") == f"Try `{on_discord or example}`."


def test_text_people_wrote_keeps_its_words() -> None:
    text = f"Try `/drill leaderboard season`, not {said('`/drill leaderboard season`')}."
    assert (
        in_discord_syntax(text) == f"Try `/drill leaderboard period:season`, not {said('`/drill leaderboard season`')}."
    )


def test_every_command_has_a_handler() -> None:
    """A spec brings its handler, or handlers.py's `_dispatch` (the older commands) has a
    case for its type: no command parses into a stack trace."""
    tree = ast.parse((MODULES / "handlers.py").read_text(encoding="utf-8"))
    dispatch = next(n for n in ast.walk(tree) if isinstance(n, ast.AsyncFunctionDef) and n.name == "_dispatch")
    cased = {
        c.pattern.cls.attr for c in ast.walk(dispatch) if isinstance(c, ast.match_case) and hasattr(c.pattern, "cls")
    }
    assert [s.name for s in SPECS if s.handler is None and s.makes.__name__ not in cased] == []


def test_no_command_module_is_over_300_lines() -> None:
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in MODULES.glob("*.py")}
    assert all(size <= 300 for name, size in sizes.items() if name != "handlers.py"), sizes


# ---- adding a subcommand: its spec, its use case, its test; nothing else ----------------


@dataclass(frozen=True)
class Streak(Command):
    days: int = 7


def parse_streak(args: list[str]) -> Streak:
    if len(args) > 1 or (args and not args[0].isdigit()):
        raise UsageError("streak", "Give a number of days.")
    return Streak(int(args[0])) if args else Streak()


def handle_streak(call, command: Streak):  # type: ignore[no-untyped-def]
    return info(f"{call.user.name}: streak over {command.days} days")


STREAK = CommandSpec(
    "streak",
    "[DAYS]",
    "your streak over some days",
    parse_streak,
    options=(Option("days", "How many days", kind="whole", low=1, high=365),),
    handler=handle_streak,
)


@pytest.fixture
def streak_command() -> Iterator[CommandSpec]:
    register(STREAK)
    yield STREAK
    del REGISTRY["streak"]


async def test_a_new_subcommand_needs_only_its_spec(bot, streak_command) -> None:  # type: ignore[no-untyped-def]
    assert g.parse("streak 3") == Streak(3)
    reply = await bot.handle_command(TENANT, GENERAL, ALICE, "streak 3")
    assert "alice: streak over 3 days" in shown(reply)
    bad = await bot.handle_command(TENANT, GENERAL, ALICE, "streak lots")
    assert "Give a number of days.\nUsage: `/drill streak [DAYS]`" in bad.body
    assert "/drill streak [DAYS] — your streak over some days" in shown(
        await bot.handle_command(TENANT, GENERAL, ALICE, "help")
    )
    assert in_discord_syntax("`/drill streak [DAYS]`") == "`/drill streak [days:1-365]`"

    async def run(interaction: discord.Interaction, text: str) -> None: ...

    client = discord.Client(intents=discord.Intents.none())
    shape = drill_group(run).to_dict(app_commands.CommandTree(client))
    (streak,) = [o for o in shape["options"] if o["name"] == "streak"]
    (days,) = streak["options"]
    assert (days["name"], days["type"], days["min_value"], days["max_value"]) == ("days", 4, 1, 365)


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        ("ask", {"topic": "evaluation", "private": True}, g.Ask("evaluation", private=True)),
        ("leaderboard", {"past_season": "prev"}, g.Leaderboard("season", season="prev")),
        ("leaderboard", {"period": "season", "past_season": "2026-Q3"}, g.Leaderboard("season", season="2026-q3")),
        ("dispute", {"why": "it's the same idea"}, g.DisputeGrade("it's the same idea")),
        ("resolve", {"dispute": 3, "decision": "accept", "score": 80, "teach": True}, g.Resolve(3, True, 0.8, True)),
        ("resolve", {"dispute": 3, "decision": "reject", "why": "no folds"}, g.Resolve(3, False, why="no folds")),
    ],
)
def test_issue_16_options_go_back_into_the_grammar(name: str, values: dict, expected: Command) -> None:  # type: ignore[type-arg]
    assert g.parse(REGISTRY[name].words(values)) == expected
