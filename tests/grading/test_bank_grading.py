"""The default scorer over every question of the bank: its own model answer earns full
marks, and the prompt given back (as written or shuffled) earns almost nothing. A key
point the model answer cannot reach, or an alias the prompt gives away, fails here."""

from __future__ import annotations

import random

import pytest

from bot.bank.loader import load_bank
from bot.grading import DefaultScorer, GradingQuestion

BANK = load_bank()


def as_grading(spec) -> GradingQuestion:  # type: ignore[no-untyped-def]
    return GradingQuestion(spec.prompt, spec.answer, [kp.model_dump() for kp in spec.key_points])


@pytest.fixture(scope="module")
def scorer() -> DefaultScorer:
    return DefaultScorer()


@pytest.mark.parametrize("spec", [q.spec for q in BANK.questions], ids=[q.spec.id for q in BANK.questions])
def test_model_answer_scores_high_and_the_prompt_low(scorer: DefaultScorer, spec) -> None:  # type: ignore[no-untyped-def]
    question = as_grading(spec)
    model = scorer.grade(question, spec.answer)
    assert model.score >= 0.9, [(p.point, p.status) for p in model.points if p.status != "covered"]
    assert scorer.grade(question, spec.prompt).score <= 0.3
    words = spec.prompt.split()
    random.Random(spec.id).shuffle(words)
    assert scorer.grade(question, " ".join(words)).score <= 0.3
