"""The grader against hand grades: rank agreement, and every gaming attempt low."""

from __future__ import annotations

import pytest

from bot.grading import DefaultScorer, Grader
from tests.grading.evaluation import grade_all, load_labelled, spearman


@pytest.fixture(scope="module")
def items():  # type: ignore[no-untyped-def]
    return load_labelled()


def check(grader: Grader, items) -> None:  # type: ignore[no-untyped-def]
    grades = grade_all(grader, items)
    scores = [g.score for g in grades]
    hand = [i.grade for i in items]
    rho = spearman(scores, hand)
    honest = [k for k, i in enumerate(items) if not i.gaming]
    rho_honest = spearman([scores[k] for k in honest], [hand[k] for k in honest])
    print(f"\n{type(grader).__name__}: Spearman {rho:.3f} over {len(items)} replies, {rho_honest:.3f} without gaming")
    assert rho >= 0.7
    assert rho_honest >= 0.7
    gamed = [(i.gaming, i.text, g.score) for i, g in zip(items, grades, strict=True) if i.gaming and g.score > 0.3]
    assert gamed == []
    means = {
        grade: sum(s for s, h in zip(scores, hand, strict=True) if h == grade) / hand.count(grade)
        for grade in (0, 1, 2, 3)
    }
    # Vague (1) and wrong (0) replies both earn almost nothing, so only the top of the
    # scale is ordered; the rank correlation above covers the rest.
    assert means[3] > means[2] > max(means[1], means[0])


def test_the_labelled_set_is_big_and_broad_enough(items) -> None:  # type: ignore[no-untyped-def]
    assert len(items) >= 200
    assert len({i.question_id for i in items}) >= 30
    kinds = {i.gaming for i in items if i.gaming}
    assert kinds == {"question-copy", "keywords", "other-question", "gibberish", "no-attempt", "short", "peer-copy"}


def test_default_scorer_agrees_with_hand_grades(items) -> None:  # type: ignore[no-untyped-def]
    check(DefaultScorer(), items)


@pytest.mark.semantic
def test_semantic_scorer_agrees_with_hand_grades(items) -> None:  # type: ignore[no-untyped-def]
    from bot.grading.semantic import SemanticScorer

    check(SemanticScorer(), items)


def test_gaming_attempts_are_flagged_with_their_reason(items) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "question-copy": {"question-copy"},
        "gibberish": {"gibberish"},
        "no-attempt": {"no-attempt"},
        "peer-copy": {"peer-copy"},
        "keywords": {"keywords"},
        "short": {"short", "keywords", "question-copy"},
        "other-question": {"off-topic", "short", "keywords", None},
    }
    grader = DefaultScorer()
    for item in items:
        if item.gaming:
            grade = grader.grade(item.question, item.text, item.earlier)
            assert grade.flag in expected[item.gaming], (item.gaming, grade.flag, item.text)
