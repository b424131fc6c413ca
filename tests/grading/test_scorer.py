"""The default scorer's behaviour, one property at a time."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bot.grading import DefaultScorer, GradingQuestion
from bot.grading.choose import make_grader
from tests.helpers import drillbot

QUESTION = GradingQuestion(
    prompt="What is regularisation, and how do L1 and L2 differ?",
    answer="Regularisation adds a penalty on large weights to the loss so the model overfits less. "
    "L2 shrinks weights smoothly; L1 drives many to exactly zero, which selects features.",
    key_points=[
        {"point": "penalty added to the loss", "aliases": ["penalise large weights"]},
        {"point": "L2 shrinks weights smoothly", "aliases": ["ridge", "weight decay"]},
        {"point": "L1 makes weights exactly zero", "aliases": ["lasso", "sparse"]},
        {"point": "reduces overfitting", "aliases": []},
    ],
)
GOOD = (
    "You add a penalty to the loss for large weights, which reduces overfitting. L2 (ridge) shrinks every "
    "weight a little, while L1 (lasso) pushes many of them to exactly zero, so it also selects features."
)


@pytest.fixture(scope="module")
def scorer() -> DefaultScorer:
    return DefaultScorer()


def test_a_good_answer_covers_every_key_point(scorer) -> None:  # type: ignore[no-untyped-def]
    grade = scorer.grade(QUESTION, GOOD)
    assert grade.score >= 0.85 and grade.missed == [] and grade.flag is None
    assert grade.feedback == "Every key point covered. Well done."


def test_grading_is_deterministic(scorer) -> None:  # type: ignore[no-untyped-def]
    assert scorer.grade(QUESTION, GOOD) == DefaultScorer().grade(QUESTION, GOOD)


def test_partial_answers_name_what_is_missing(scorer) -> None:  # type: ignore[no-untyped-def]
    grade = scorer.grade(QUESTION, "It adds a penalty term to the loss function, which reduces overfitting.")
    assert set(grade.covered) == {"penalty added to the loss", "reduces overfitting"}
    assert 0.3 <= grade.score <= 0.7
    assert "Worth adding: L2 shrinks weights smoothly." in grade.feedback


def test_british_and_american_spellings_match(scorer) -> None:  # type: ignore[no-untyped-def]
    question = GradingQuestion(
        "Why normalise inputs?", "x " * 5, [{"point": "standardization of features"}, {"point": "faster optimization"}]
    )
    grade = scorer.grade(question, "Standardisation of the features makes the optimisation converge faster.")
    assert grade.missed == []


def test_small_typos_still_count(scorer) -> None:  # type: ignore[no-untyped-def]
    grade = scorer.grade(QUESTION, GOOD.replace("penalty", "penaltyy").replace("overfitting", "overfiting"))
    assert "penalty added to the loss" in grade.covered and "reduces overfitting" in grade.covered


def test_repeating_the_question_words_earns_little(scorer) -> None:  # type: ignore[no-untyped-def]
    question = GradingQuestion(
        "What is the difference between precision and recall?",
        "x",
        [{"point": "precision"}, {"point": "recall"}, {"point": "threshold trade-off"}],
    )
    grade = scorer.grade(question, "Precision and recall are different things and both matter a lot in practice.")
    assert grade.score <= 0.3


def test_key_points_are_derived_when_a_question_has_none(scorer) -> None:  # type: ignore[no-untyped-def]
    question = GradingQuestion(
        "What does dropout do?",
        "During training dropout **zeroes random units**, which prevents **co-adaptation** and acts as "
        "**regularisation**; at inference it is switched off.",
    )
    grade = scorer.grade(
        question, "Dropout randomly zeroes units while training; that is a regularisation that stops units co-adapting."
    )
    assert set(grade.covered + grade.missed) == {"zeroes random units", "co-adaptation", "regularisation"}
    assert grade.score >= 0.6
    plain = GradingQuestion("What does dropout do?", "Random units are zeroed during training, which regularises.")
    assert scorer.grade(plain, "It zeroes random units in training.").covered


def test_padding_with_unrelated_terms_does_not_win(scorer) -> None:  # type: ignore[no-untyped-def]
    padding = (
        " Also consider transformers, Kubernetes, DICOM headers, k-means, BERT tokenisers, Hausdorff "
        "distances, feature stores, bootstrap aggregation, ROC curves and GAN discriminators."
    ) * 2
    assert scorer.grade(QUESTION, GOOD + padding).score < scorer.grade(QUESTION, GOOD).score


@pytest.mark.parametrize(
    ("reply", "flag", "words"),
    [
        ("What is regularisation and how do L1 and L2 differ?", "question-copy", "repeats the question"),
        ("penalty, loss, L1, L2, lasso, ridge, sparse", "keywords", "list of terms"),
        (
            "Precision is the share of flagged cases that are right, and recall is the share of positives we find.",
            "off-topic",
            "different question",
        ),
        ("qwrtpz xcvbnm plkjhg zxcvbn", "gibberish", "plain words"),
        ("I don't know", "no-attempt", "No attempt"),
        ("less overfitting", "short", "Too short"),
    ],
)
def test_gaming_scores_low_and_says_why(scorer, reply: str, flag: str, words: str) -> None:  # type: ignore[no-untyped-def]
    grade = scorer.grade(QUESTION, reply)
    assert grade.flag == flag
    assert grade.score <= 0.3
    assert words in grade.feedback


def test_a_copy_of_a_teammates_earlier_reply_scores_zero(scorer) -> None:  # type: ignore[no-untyped-def]
    grade = scorer.grade(QUESTION, GOOD.lower() + " ", earlier=[GOOD])
    assert (grade.score, grade.flag) == (0.0, "peer-copy")
    assert scorer.grade(QUESTION, GOOD, earlier=["Regularisation is about penalties."]).flag is None


def test_asking_for_the_semantic_scorer_without_its_extra_falls_back(monkeypatch) -> None:
    import bot.grading.semantic as semantic

    def missing():  # type: ignore[no-untyped-def]
        raise semantic.SemanticUnavailable("the semantic scorer needs the 'semantic' extra")

    monkeypatch.setattr(semantic, "load_model", missing)
    warnings: list[str] = []
    assert isinstance(make_grader("semantic", warnings), DefaultScorer)
    assert warnings == ["the semantic scorer needs the 'semantic' extra; using the default scorer"]


def run_grade(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return drillbot("grade", *args, stdin=stdin)


def line(item_id: object, answer: str, **extra: object) -> str:
    return json.dumps(
        {"id": item_id, "question": QUESTION.prompt, "reference_answer": QUESTION.answer, "answer": answer, **extra}
    )


def test_batch_cli_grades_stdin_to_stdout_and_reports_bad_lines() -> None:
    stdin = (
        "\n".join(
            [
                line(1, GOOD, key_points=["penalty added to the loss", "reduces overfitting"]),
                "{not json",
                json.dumps({"id": 3}),
                line(4, "I don't know"),
                line(5, GOOD, key_points="oops"),
            ]
        )
        + "\n"
    )
    result = run_grade("--in", "-", stdin=stdin)
    assert result.returncode == 1
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 4]
    assert set(out[0]) == {"id", "score", "covered", "missed", "feedback"}
    assert out[0]["covered"] == ["penalty added to the loss", "reduces overfitting"] and out[0]["score"] >= 0.8
    assert out[1]["score"] == 0.0
    assert result.stderr.splitlines() == [
        "line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        "line 3: missing field(s): question, reference_answer, answer",
        "line 5: key_points must be a list of non-empty strings",
    ]


def test_batch_cli_reads_and_writes_files(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(line("a", GOOD) + "\n" + line("b", "lasso") + "\n", encoding="utf-8")
    result = run_grade("--in", str(source), "--out", str(target), "--scorer", "default")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"] and rows[0]["score"] > rows[1]["score"]
    assert "No such file" in run_grade("--in", str(tmp_path / "missing.jsonl")).stderr
