"""The question format, as pydantic models. `content/question.schema.json` is generated
from these (a test keeps the two equal), so editors and the loader agree."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Topic = Literal[
    "fundamentals",
    "classical-ml",
    "deep-learning",
    "evaluation",
    "data",
    "mlops",
    "medical-imaging",
    "behavioral",
    "coding",
    "llm",
]
Kind = Literal["concept", "scenario", "behavioral", "coding"]
TOPICS: tuple[str, ...] = get_args(Topic)
KINDS: tuple[str, ...] = get_args(Kind)
ANSWER_WORDS = (80, 250)
SOURCE_PATTERN = re.compile(r"^(original|[0-9]{3}_[0-9a-f]{16}\.txt)$")
WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def checked_length(answer: str, limits: tuple[int, int], too_short: str = "at least {low}") -> str:
    """The answer, stripped, when its word count is within `limits`; else a ValueError
    that says the count and the limit."""
    words = word_count(answer)
    low, high = limits
    if words < low:
        counted = f"{words} word" if words == 1 else f"{words} words"
        raise ValueError(f"answer too short: {counted}, " + too_short.format(low=low))
    if words > high:
        raise ValueError(f"answer too long: {words} words, at most {high}")
    return answer.strip()


class KeyPoint(BaseModel):
    """One idea a good answer contains, with other ways people say it."""

    model_config = ConfigDict(extra="forbid")

    point: str = Field(description="the idea, in a few words")
    aliases: list[str] = Field(default_factory=list, description="synonyms the grader also accepts")

    @field_validator("point")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("key point is empty")
        return value.strip()

    @field_validator("aliases")
    @classmethod
    def _no_blank_alias(cls, value: list[str]) -> list[str]:
        if any(not a.strip() for a in value):
            raise ValueError("key point has an empty alias")
        return [a.strip() for a in value]


class QuestionSpec(BaseModel):
    """One question as written in a bank file."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,79}$", description="stable, never reused")
    topic: Topic
    kind: Kind
    difficulty: int = Field(ge=1, le=3)
    tags: list[str] = Field(default_factory=list)
    prompt: str = Field(min_length=10)
    answer: str = Field(description="model answer, 80 to 250 words, Markdown allowed")
    key_points: list[KeyPoint] = Field(min_length=3, max_length=6)
    hint: str | None = None
    follow_up: str | None = None
    sources: list[str] = Field(min_length=1, description="source note file names, or 'original'")
    reviewed: date | None = Field(
        default=None, description="when the model answer was last checked against a reference"
    )
    references: list[str] = Field(
        default_factory=list, description="the papers, books or documentation pages a specific claim rests on"
    )

    @field_validator("key_points", mode="before")
    @classmethod
    def _plain_strings_allowed(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"point": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("answer")
    @classmethod
    def _answer_length(cls, value: str) -> str:
        return checked_length(value, ANSWER_WORDS)

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, value: list[str]) -> list[str]:
        for source in value:
            if not SOURCE_PATTERN.match(source):
                raise ValueError(f"source {source!r} is neither a source note file name nor 'original'")
        return value

    @model_validator(mode="after")
    def _behavioral_kind_matches(self) -> QuestionSpec:
        if (self.topic == "behavioral") != (self.kind == "behavioral"):
            raise ValueError("behavioral questions (and only they) have topic and kind 'behavioral'")
        return self


class QuestionFile(BaseModel):
    """A bank file: a list of questions under `questions:`."""

    model_config = ConfigDict(extra="forbid")

    questions: list[QuestionSpec]
