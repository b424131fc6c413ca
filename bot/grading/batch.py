"""`drillbot grade`: grade a JSONL file of replies, one result line per input line.

Input lines: {"id", "question", "reference_answer", "key_points"?: [...], "answer"}, where
each key point is a string or, as the bank writes them, {"point": str, "aliases": [str]}.
Output lines: {"id", "score", "covered", "missed", "feedback"}. A bad line is reported
as `line N: problem` on stderr and the others are still graded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from bot.grading.base import Grader, GradingQuestion, KeyPointDict

REQUIRED = ("id", "question", "reference_answer", "answer")


class BadLine(ValueError):
    pass


def parse_line(text: str) -> tuple[object, GradingQuestion, str]:
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise BadLine("expected a JSON object")
    missing = [key for key in REQUIRED if key not in item]
    if missing:
        raise BadLine(f"missing field(s): {', '.join(missing)}")
    for key in ("question", "reference_answer", "answer"):
        if not isinstance(item[key], str):
            raise BadLine(f"{key} must be a string")
    points = item.get("key_points") or []
    if not isinstance(points, list):
        raise BadLine("key_points must be a list of non-empty strings")
    key_points = [key_point(p) for p in points]
    return item["id"], GradingQuestion(item["question"], item["reference_answer"], key_points), item["answer"]


def key_point(value: object) -> KeyPointDict:
    """A key point as a plain string, or as the bank writes it: {point, aliases}."""
    if isinstance(value, str) and value.strip():
        return {"point": value.strip(), "aliases": []}
    if isinstance(value, dict) and isinstance(value.get("point"), str) and value["point"].strip():
        aliases = value.get("aliases") or []
        if isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases):
            return {"point": value["point"].strip(), "aliases": [a.strip() for a in aliases]}
    raise BadLine("key_points must be a list of non-empty strings")


def grade_lines(
    lines: Iterable[str], grader: Grader, on_error: Callable[[int, str], None]
) -> Iterator[dict[str, object]]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            item_id, question, answer = parse_line(text)
        except BadLine as problem:
            on_error(number, str(problem))
            continue
        grade = grader.grade(question, answer)
        yield {
            "id": item_id,
            "score": grade.score,
            "covered": grade.covered,
            "missed": grade.missed,
            "feedback": grade.feedback,
        }


def run(source: TextIO, out: TextIO, errors: TextIO, grader: Grader) -> int:
    """Grade every line; the exit status is 1 when any line was bad, else 0."""
    bad: list[int] = []

    def report(number: int, problem: str) -> None:
        bad.append(number)
        errors.write(f"line {number}: {problem}\n")

    for result in grade_lines(source, grader, report):
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if bad else 0
