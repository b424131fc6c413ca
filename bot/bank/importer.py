"""`drillbot content import FILE.csv`: a team's spreadsheet of questions as a bank file.

Columns: question, answer, topic, key_points (separated by `;`), and optionally
difficulty, kind, hint, id. Every row is validated like a bank question; bad rows are
reported with their line number and nothing is written unless every row is good, so
a half-imported sheet never reaches the bank.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.bank.schema import QuestionSpec

REQUIRED_COLUMNS = ("question", "answer", "topic", "key_points")
KIND_FOR_TOPIC = {"behavioral": "behavioral", "coding": "coding"}


@dataclass
class ImportResult:
    questions: list[QuestionSpec] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def slug(text: str, taken: set[str]) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:6]
    base = "team-" + "-".join(words or ["question"])
    base = base[:70].rstrip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def read_csv(path: Path, existing_ids: set[str] | None = None) -> ImportResult:
    result = ImportResult()
    taken = set(existing_ids or ())
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        result.errors.append(f"{path}: cannot read: {exc.strerror}")
        return result
    with handle:
        reader = csv.DictReader(handle)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            result.errors.append(f"{path}:1: missing column(s): {', '.join(missing)}")
            return result
        reader.fieldnames = header
        for row in reader:
            line = reader.line_num
            try:
                spec = QuestionSpec.model_validate(_row_to_question(row, taken))
            except ValidationError as exc:
                problems = "; ".join(_describe(e) for e in exc.errors())
                result.errors.append(f"{path}:{line}: {problems}")
                continue
            except ValueError as exc:
                result.errors.append(f"{path}:{line}: {exc}")
                continue
            result.questions.append(spec)
    if not result.questions and not result.errors:
        result.errors.append(f"{path}:2: no rows")
    return result


def _row_to_question(row: dict[str, Any], taken: set[str]) -> dict[str, Any]:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    topic = cell("topic").lower()
    difficulty = cell("difficulty") or "2"
    if not difficulty.isdigit():
        raise ValueError(f"difficulty {difficulty!r} is not 1, 2 or 3")
    question: dict[str, Any] = {
        "id": cell("id") or slug(cell("question"), taken),
        "topic": topic,
        "kind": cell("kind").lower() or KIND_FOR_TOPIC.get(topic, "concept"),
        "difficulty": int(difficulty),
        "prompt": cell("question"),
        "answer": cell("answer"),
        "key_points": [p.strip() for p in cell("key_points").split(";") if p.strip()],
        "sources": ["original"],
    }
    if cell("hint"):
        question["hint"] = cell("hint")
    return question


def _describe(error: Any) -> str:
    name = ".".join(str(p) for p in error["loc"]) or "row"
    name = {"prompt": "question"}.get(name, name)
    return f"{name}: {error['msg'].removeprefix('Value error, ')}"


def to_yaml(questions: list[QuestionSpec]) -> str:
    data = {"questions": [q.model_dump(exclude_none=True, exclude_defaults=False) for q in questions]}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
