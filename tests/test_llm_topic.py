"""The `llm` topic works wherever a topic is named: the grammar, the bank and its sync,
channel topic filters, `/drill ask llm` and `/drill topics` in local mode, and
`drillbot content stats`. (Discord's autocomplete is in tests/discord/test_discord_llm.py.)"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from sqlmodel import Session, func, select

from bot.bank.loader import load_bank, stats
from bot.bank.selection import choose_question
from bot.bank.sync import sync_bank
from bot.commands import grammar as g
from bot.db.models import Question
from tests.helpers import drillbot, make_channel

TITLE = "Topic:LLMsandgenerativeAI"  # squeezed


def squeeze(text: str) -> str:
    """Text without whitespace: the terminal wraps long lines, even inside hyphenated words."""
    return "".join(text.split())


def llm_prompts() -> set[str]:
    return {squeeze(q.spec.prompt) for q in load_bank().questions if q.spec.topic == "llm"}


def run_console(script: list[str], database_url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {"DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data"), "DEFAULT_TIMEZONE": "Europe/Berlin"}
    return drillbot("run", "--as", "alice", env=env, stdin="\n".join(script) + "\n")


def cards(out: str, title: str) -> list[str]:
    """The text of each question card with this title, squeezed."""
    parts = out.split(f"❓ {title}\n")[1:]
    return [squeeze(part.split("[Hint]")[0]) for part in parts]


def test_the_grammar_takes_llm_as_a_topic() -> None:
    assert g.parse("ask llm") == g.Ask("llm")
    assert g.parse("ask LLM 3") == g.Ask("llm", 3)
    schedule = g.parse("schedule set 9:00 UTC topics llm,mlops")
    assert isinstance(schedule, g.Schedule) and schedule.change.topics == ["llm", "mlops"]


def test_the_bank_has_a_reviewed_llm_topic() -> None:
    bank = load_bank()
    assert bank.ok, bank.errors
    llm = [q.spec for q in bank.questions if q.spec.topic == "llm"]
    assert stats(bank)["by_topic"]["llm"] == len(llm) >= 30
    assert all(spec.reviewed is not None for spec in llm)
    assert sum(spec.difficulty == 3 for spec in llm) >= 0.25 * len(llm)


def test_sync_stores_the_llm_questions_and_a_second_sync_changes_nothing(engine, clock) -> None:
    """A `reviewed` date once made the content hash fail (dates are not JSON)."""
    bank = load_bank()
    first = sync_bank(engine, bank, clock.now())
    assert first.added == len(bank.questions)
    again = sync_bank(engine, bank, clock.now())
    assert (again.added, again.updated, again.retired) == (0, 0, 0)
    with Session(engine) as session:
        stored = session.exec(select(func.count()).select_from(Question).where(Question.topic == "llm")).one()
    assert stored == stats(bank)["by_topic"]["llm"]


def test_a_channel_filtered_to_llm_gets_only_llm_questions(bot, engine, clock) -> None:
    sync_bank(engine, load_bank(), clock.now())
    channel = make_channel(bot)
    with bot.session() as session:
        picked = {choose_question(session, channel, topics=["llm"], seed=str(n)).topic for n in range(5)}  # type: ignore[union-attr]
        hard = choose_question(session, channel, topics=["llm"], difficulties=[3])
    assert picked == {"llm"}
    assert hard is not None and hard.topic == "llm" and hard.difficulty == 3


def test_ask_llm_filters_and_topics_in_local_mode(engine, database_url, tmp_path) -> None:
    result = run_console(
        [
            "/drill ask llm",
            "/drill schedule set 09:00 Europe/Berlin days mon-sun topics llm",
            "/clock +1d",
            "/drill topics",
        ],
        database_url,
        tmp_path,
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    prompts = llm_prompts()
    (practice,) = cards(out, "Practice question")
    assert TITLE in practice and any(p in practice for p in prompts)
    daily = cards(out[out.index("Schedule updated") :], "Question of the day")
    assert daily, out
    assert all(TITLE in card and any(p in card for p in prompts) for card in daily)
    count = re.search(r"`?llm`? — LLMs and generative AI: (\d+) questions?", out)
    assert count is not None and int(count.group(1)) == len(prompts)


def test_content_stats_counts_the_llm_topic() -> None:
    result = drillbot("content", "stats", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["by_topic"]["llm"] >= 30
