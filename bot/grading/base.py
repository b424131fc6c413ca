"""The grading interface the core depends on; scorers plug in behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, NotRequired, Protocol, TypedDict


class KeyPointDict(TypedDict):
    """A key point as stored in `Question.key_points` (JSON)."""

    point: str
    aliases: NotRequired[list[str]]


@dataclass(frozen=True)
class GradingQuestion:
    """What a reply is graded against. `key_points` are dicts with `point` and optional
    `aliases`; with none, the scorer reads the ideas from the model answer."""

    prompt: str
    answer: str
    key_points: list[KeyPointDict] = field(default_factory=list)


PointStatus = Literal["covered", "partly", "missed", "contradicted"]


@dataclass(frozen=True)
class PointResult:
    """How one key point fared: `evidence` is the reply's words that matched it (or that
    contradict it), so a person can see why."""

    point: str
    status: PointStatus
    evidence: str = ""


@dataclass(frozen=True)
class Grade:
    """A score in [0, 1], the key points covered and missed, one sentence of feedback,
    and `flag` when the reply tried to game the grader (no attempt, copy, keywords...).
    `points` explains each key point (covered / partly / missed / contradicted)."""

    score: float
    covered: list[str]
    missed: list[str]
    feedback: str
    flag: str | None = None
    points: tuple[PointResult, ...] = ()


class Grader(Protocol):
    def grade(self, question: GradingQuestion, reply: str, earlier: Sequence[str] = ()) -> Grade:
        """`earlier`: other members' replies posted before this one in the same round."""
        ...

    def grade_many(self, question: GradingQuestion, replies: Sequence[str]) -> list[Grade]:
        """Every reply of a round, in the order they came (a model scorer batches them)."""
        ...
