"""The question format for a team's own folders (CONTENT_DIRS and `content import`).

A team sheet holds less than the shipped bank: a reference answer may be a single
sentence, and key points may be few (`content import` derives them from the answer when
the sheet has none). Everything else (ids, topics, kinds, difficulty) is checked exactly
as for the shipped bank, which keeps its stricter limits (80-250 words, 3-6 key points).
"""

from __future__ import annotations

from pydantic import Field, field_validator

from bot.bank.schema import KeyPoint, QuestionSpec, checked_length

TEAM_ANSWER_WORDS = (4, 400)  # one sentence or more; at most a page


class TeamQuestionSpec(QuestionSpec):
    key_points: list[KeyPoint] = Field(min_length=1, max_length=8)

    @field_validator("answer")
    @classmethod
    def _answer_length(cls, value: str) -> str:
        return checked_length(value, TEAM_ANSWER_WORDS, "write at least one full sentence")
