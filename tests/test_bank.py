"""The bank format: every problem as `file:line: what is wrong`, nothing half-loaded."""

from __future__ import annotations

import json
from pathlib import Path

from bot.bank.loader import BANK_DIR, load_bank, stats
from bot.bank.schema import QuestionFile
from bot.bank.selection import choose_question
from bot.bank.sync import sync_bank
from bot.db.models import Question
from tests.helpers import drillbot

GOOD_ANSWER = " ".join(["word"] * 90)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def question(qid: str = "q-one", **override: str) -> str:
    fields = {
        "id": qid,
        "topic": "evaluation",
        "kind": "concept",
        "difficulty": "2",
        "prompt": "What is a confusion matrix?",
        "answer": GOOD_ANSWER,
        "key_points": "[alpha, beta, gamma]",
        "sources": "[original]",
    }
    fields.update(override)
    lines = [f"  - id: {fields.pop('id')}"] + [f"    {k}: {v}" for k, v in fields.items() if v != "-"]
    return "\n".join(lines) + "\n"


def test_the_shipped_bank_is_valid() -> None:
    bank = load_bank()
    assert bank.ok, "\n".join(map(str, bank.errors))
    assert bank.questions


def test_every_problem_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.yaml",
        "questions:\n"
        + question("q-one", topic="cooking")
        + question("q-two", answer="too short")
        + question("q-three", key_points="[alpha, '', gamma]")
        + question("q-four", prompt="-")
        + question("q-one"),
    )
    errors = [str(e) for e in load_bank([path]).errors]
    assert errors == [
        f"{path}:3: question 'q-one': topic: Input should be 'fundamentals', 'classical-ml', 'deep-learning', "
        "'evaluation', 'data', 'mlops', 'medical-imaging', 'behavioral', 'coding' or 'llm'",
        f"{path}:15: question 'q-two': answer: answer too short: 2 words, write at least one full sentence",
        f"{path}:24: question 'q-three': key_points.1.point: key point is empty",
        f"{path}:26: question 'q-four': missing field 'prompt'",
        f"{path}:33: duplicate id 'q-one' (first at {path}:2)",
    ]


def test_yaml_syntax_errors_and_wrong_shapes(tmp_path: Path) -> None:
    syntax = write(tmp_path, "a.yaml", "questions:\n  - id: [unclosed\n")
    shape = write(tmp_path, "b.yaml", "items: []\n")
    empty = write(tmp_path, "c.yaml", "")
    errors = [str(e) for e in load_bank([syntax, shape, empty]).errors]
    assert errors[0].startswith(f"{syntax}:3: YAML syntax:")
    assert f"{shape}:1: unknown top-level key 'items'" in errors
    assert f"{empty}:1: file is empty; expected 'questions:' with a list" in errors


def test_content_check_cli_exits_non_zero_and_lists_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "questions:\n" + question(difficulty="7"))
    result = drillbot("content", "check", str(path))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{path}:5: question 'q-one': difficulty: Input should be less than or equal to 3"


def test_content_stats_json_shape() -> None:
    result = drillbot("content", "stats", "--json")
    counts = json.loads(result.stdout)
    assert set(counts) == {"total", "by_topic", "by_difficulty", "by_kind", "by_source", "reviewed", "references"}
    assert counts == stats(load_bank())


def test_committed_json_schema_matches_the_models() -> None:
    committed = json.loads((BANK_DIR / "question.schema.json").read_text(encoding="utf-8"))
    assert committed == QuestionFile.model_json_schema()


def test_sync_retires_removed_questions_and_keeps_them(engine, clock, bank_dir: Path, tmp_path: Path) -> None:
    first = sync_bank(engine, load_bank([bank_dir]), clock.now())
    assert (first.added, first.updated, first.retired) == (4, 0, 0)
    assert sync_bank(engine, load_bank([bank_dir]), clock.now()).added == 0
    smaller = write(tmp_path, "one.yaml", "questions:\n" + question("test-folds"))
    result = sync_bank(engine, load_bank([smaller]), clock.now())
    assert (result.added, result.updated, result.retired) == (0, 1, 3)
    from sqlmodel import Session, select

    with Session(engine) as session:
        assert len(session.exec(select(Question)).all()) == 4
        assert [q.id for q in session.exec(select(Question).where(Question.active == True))] == ["test-folds"]  # noqa: E712


def test_sync_takes_reviewed_dates_and_references(engine, clock, tmp_path: Path) -> None:
    reviewed = write(
        tmp_path,
        "reviewed.yaml",
        "questions:\n" + question("q-reviewed", reviewed="2026-12-01", references="[Fawcett 2006, An introduction]"),
    )
    first = sync_bank(engine, load_bank([reviewed]), clock.now())
    assert (first.added, first.updated) == (1, 0)
    assert sync_bank(engine, load_bank([reviewed]), clock.now()).updated == 0
    redated = write(tmp_path, "reviewed.yaml", "questions:\n" + question("q-reviewed", reviewed="2027-01-05"))
    assert sync_bank(engine, load_bank([redated]), clock.now()).updated == 1


async def test_selection_never_repeats_until_the_pool_is_used_up(bot) -> None:
    from tests.helpers import make_channel

    channel = make_channel(bot)
    seen = []
    for day in range(8):
        with bot.session() as session:
            question_ = choose_question(session, channel, seed=str(day))
            from bot.db.models import Channel
            from bot.usecases.rounds import open_practice_round

            open_practice_round(session, session.get_one(Channel, channel), question_.id, None, bot.clock.now())
            seen.append((question_.id, question_.topic))
    ids = [qid for qid, _ in seen]
    assert len(set(ids[:4])) == 4 and len(set(ids[4:])) == 4
    topics = [topic for _, topic in seen]
    assert all(a != b for a, b in zip(topics, topics[1:], strict=False))


async def test_selection_honours_filters(bot) -> None:
    from tests.helpers import make_channel

    channel = make_channel(bot)
    with bot.session() as session:
        assert choose_question(session, channel, topics=["mlops"]).id == "test-drift"
        assert choose_question(session, channel, difficulties=[1], topics=["behavioral"]).id == "test-star"
        assert choose_question(session, channel, topics=["coding"]) is None
