"""The grading interface the core depends on; scorers plug in behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class GradingQuestion:
    """What a reply is graded against. `key_points` are dicts with `point` and optional
    `aliases`; with none, the scorer derives concepts from the model answer."""

    prompt: str
    answer: str
    key_points: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Grade:
    """A score in [0, 1], the key points covered and missed, one sentence of feedback,
    and `flag` when the reply tried to game the grader (no attempt, copy, keywords...)."""

    score: float
    covered: list[str]
    missed: list[str]
    feedback: str
    flag: str | None = None


class Grader(Protocol):
    def grade(self, question: GradingQuestion, reply: str, earlier: Sequence[str] = ()) -> Grade:
        """`earlier`: other members' replies posted before this one in the same round."""
        ...
