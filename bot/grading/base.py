"""The grading interface the core depends on; scorers plug in behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class GradingQuestion:
    prompt: str
    answer: str
    key_points: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Grade:
    score: float
    covered: list[str]
    missed: list[str]
    feedback: str


class Grader(Protocol):
    def grade(self, question: GradingQuestion, reply: str) -> Grade: ...
