"""The default scorer on questions written by anyone: key points as whole sentences, or
none at all; what it says per key point; contradictions; and the gaming attempts."""

from __future__ import annotations

import json

import pytest

from bot.grading import DefaultScorer, GradingQuestion
from tests.grading.transforms import GAMING, opposite, word_salad
from tests.helpers import drillbot

BIAS_VARIANCE = GradingQuestion(
    prompt="Explain the bias-variance trade-off.",
    answer=(
        "Bias is error from assumptions that are too simple, so the model underfits and misses the real pattern. "
        "Variance is error from sensitivity to the particular training sample, so a too complex model overfits "
        "the noise. Making the model more flexible lowers bias and raises variance, so we pick the complexity "
        "where the total error on held-out data is lowest."
    ),
    key_points=[
        {"point": "High bias means the model is too simple and underfits the data."},
        {"point": "High variance means the model is too complex and overfits the noise in the training set."},
        {"point": "More flexibility lowers bias but raises variance, so a balance minimises the total error."},
    ],
)
NO_POINTS = GradingQuestion(BIAS_VARIANCE.prompt, BIAS_VARIANCE.answer)


@pytest.fixture(scope="module")
def scorer() -> DefaultScorer:
    return DefaultScorer()


def test_sentence_key_points_credit_an_answer_in_other_words(scorer: DefaultScorer) -> None:
    reply = (
        "High bias means the model is too simple and underfits, high variance means it is too complex and "
        "overfits. You want a balance between them."
    )
    grade = scorer.grade(BIAS_VARIANCE, reply)
    assert grade.score >= 0.4, grade  # two of three ideas, in other words
    statuses = {p.point[:20]: p.status for p in grade.points}
    assert list(statuses.values())[:2] == ["covered", "covered"]
    assert all(p.evidence for p in grade.points if p.status in {"covered", "partly"})


def test_each_key_point_is_covered_partly_or_missed_with_the_matching_words(scorer: DefaultScorer) -> None:
    grade = scorer.grade(BIAS_VARIANCE, "High bias: the model is too simple and underfits.")
    first, second, third = grade.points
    assert first.status in {"covered", "partly"} and "too simple" in first.evidence
    assert second.status in {"partly", "missed"} and third.status in {"partly", "missed"}
    assert grade.missed[-2:] == [second.point, third.point]
    assert grade.score < 0.5


def test_a_question_without_key_points_is_graded_on_its_model_answer(scorer: DefaultScorer) -> None:
    assert scorer.grade(NO_POINTS, NO_POINTS.answer).score >= 0.9
    half = scorer.grade(NO_POINTS, "Bias is error from too simple assumptions, so the model underfits.")
    assert 0.2 <= half.score <= 0.7
    assert "covered" in {p.status for p in half.points} and half.missed
    assert half.flag is None


@pytest.mark.parametrize("question", [BIAS_VARIANCE, NO_POINTS], ids=["key points", "none"])
def test_the_right_words_for_the_wrong_idea_are_named_as_a_contradiction(
    scorer: DefaultScorer, question: GradingQuestion
) -> None:
    reply = "Overfitting happens when the model is too simple to capture the pattern, so it has high variance."
    right = (
        "Overfitting happens when the model is too complex and fits the noise, so it has high variance. "
        "A too simple model underfits with high bias; the best complexity balances the two for the lowest error."
    )
    wrong, good = scorer.grade(question, reply), scorer.grade(question, right)
    assert wrong.flag == "contradiction" and wrong.score <= 0.2
    assert "the model answer says the opposite" in wrong.feedback and "too simple" in wrong.feedback
    assert any(p.status == "contradicted" for p in wrong.points)
    assert good.score >= wrong.score + 0.25


def test_a_negated_claim_contradicts(scorer: DefaultScorer) -> None:
    grade = scorer.grade(NO_POINTS, "Variance is not error from sensitivity to the particular training sample.")
    assert grade.flag == "contradiction"


def test_three_keywords_repeated_two_thousand_times_score_below_an_honest_sentence(scorer: DefaultScorer) -> None:
    honest = scorer.grade(BIAS_VARIANCE, "A too simple model underfits and a too complex one overfits.")
    spam = scorer.grade(BIAS_VARIANCE, " ".join(["bias variance underfits"] * 700))
    assert spam.score <= 0.3 and spam.score < honest.score


@pytest.mark.parametrize("attempt", sorted(GAMING))
@pytest.mark.parametrize("question", [BIAS_VARIANCE, NO_POINTS], ids=["key points", "none"])
def test_every_gaming_attempt_scores_low(scorer: DefaultScorer, question: GradingQuestion, attempt: str) -> None:
    assert scorer.grade(question, GAMING[attempt](question)).score <= 0.3


def test_word_salad_and_opposite_are_named(scorer: DefaultScorer) -> None:
    assert scorer.grade(BIAS_VARIANCE, word_salad(BIAS_VARIANCE)).flag == "word-salad"
    assert scorer.grade(BIAS_VARIANCE, opposite(BIAS_VARIANCE)).flag == "contradiction"


def test_grade_cli_takes_key_points_as_the_bank_writes_them() -> None:
    line = {
        "id": 1,
        "question": BIAS_VARIANCE.prompt,
        "reference_answer": BIAS_VARIANCE.answer,
        "key_points": [{"point": "underfitting from a too simple model", "aliases": ["high bias"]}, "overfits"],
        "answer": "High bias: a too simple model underfits. Too complex and it overfits.",
    }
    result = drillbot("grade", "--in", "-", stdin=json.dumps(line) + "\n")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["covered"] == ["underfitting from a too simple model", "overfits"]
    bad = drillbot("grade", "--in", "-", stdin=json.dumps({**line, "key_points": [{"aliases": []}]}) + "\n")
    assert bad.returncode == 1 and "key_points must be" in bad.stderr


@pytest.mark.semantic
def test_the_semantic_scorer_credits_a_paraphrase_and_still_refuses_gaming() -> None:
    from bot.grading.semantic import SemanticScorer

    semantic, default = SemanticScorer(), DefaultScorer()
    paraphrase = (
        "When a model is too basic it misses the pattern in the data, which people call underfitting. When it is "
        "overly flexible it memorises the noise of its sample and fails on new data, which is overfitting. Extra "
        "capacity trades one problem for the other, so we choose the complexity with the lowest validation error."
    )
    in_other_words = semantic.grade(BIAS_VARIANCE, paraphrase).score
    assert in_other_words >= 0.7 and in_other_words > default.grade(BIAS_VARIANCE, paraphrase).score
    assert semantic.grade(BIAS_VARIANCE, BIAS_VARIANCE.answer).score >= 0.9
    for attempt, build in GAMING.items():
        assert semantic.grade(BIAS_VARIANCE, build(BIAS_VARIANCE)).score <= 0.3, attempt
    grades = semantic.grade_many(BIAS_VARIANCE, [paraphrase, paraphrase + " "])
    assert grades[1].flag == "peer-copy"
