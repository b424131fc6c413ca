"""Scoring the labelled set: shared by the evaluation test and bench/grading.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.bank.loader import load_bank
from bot.grading import Grade, Grader, GradingQuestion

LABELLED = Path(__file__).with_name("labelled.yaml")


@dataclass(frozen=True)
class Labelled:
    question_id: str
    question: GradingQuestion
    text: str
    grade: int
    gaming: str | None
    earlier: tuple[str, ...]


def load_labelled() -> list[Labelled]:
    bank = load_bank().by_id()
    items = []
    for group in yaml.safe_load(LABELLED.read_text(encoding="utf-8")):
        spec = bank[group["question"]]
        question = GradingQuestion(spec.prompt, spec.answer, [kp.model_dump() for kp in spec.key_points])
        for reply in group["replies"]:
            earlier = (reply["earlier"],) if "earlier" in reply else ()
            items.append(
                Labelled(group["question"], question, reply["text"], reply["grade"], reply.get("gaming"), earlier)
            )
    return items


def grade_all(grader: Grader, items: list[Labelled]) -> list[Grade]:
    return [grader.grade(item.question, item.text, item.earlier) for item in items]


def ranks(values: list[float]) -> list[float]:
    """Average ranks, ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs) ** 0.5
    vy = sum((y - my) ** 2 for y in ys) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def spearman(xs: list[float], ys: list[float]) -> float:
    return pearson(ranks(xs), ranks(ys))
