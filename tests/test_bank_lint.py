"""`content check`'s key-point rules: aliases that give the idea away are errors with
their own line; a prompt that asks more than its key points cover is a warning."""

from __future__ import annotations

from pathlib import Path

from bot.bank.common_words import common_words, is_common
from bot.bank.lint import alias_problem, count_asks, lint_bank
from bot.bank.loader import load_bank
from tests.helpers import drillbot

ANSWER = " ".join(["word"] * 90)

# Files whose key points the second edition has not reviewed yet; each helper removes
# theirs when done, and the list ends empty.
NOT_YET_REVIEWED = {
    "data.yaml",
    "mlops.yaml",
    "medical-imaging.yaml",
    "behavioral.yaml",
    "coding.yaml",
}


def bank_file(tmp_path: Path, prompt: str, key_points: str) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(
        "questions:\n"
        "  - id: q-lint\n"
        "    topic: evaluation\n"
        "    kind: concept\n"
        "    difficulty: 2\n"
        f"    prompt: {prompt}\n"
        f"    answer: {ANSWER}\n"
        f"    key_points:\n{key_points}"
        "    sources: [original]\n",
        encoding="utf-8",
    )
    return path


POINTS = (
    "      - point: scores match observed frequencies\n"
    "        aliases: [predicted 0.8 is right 80% of the time]\n"
    "      - point: reliability diagram\n"
    "        aliases:\n"
    "          - observed frequency per bin\n"
    "          - calibration\n"  # line 14: only a prompt word
    "      - point: Platt scaling fits a logistic curve\n"
    "        aliases: [logistic fit to the scores, threshold]\n"  # line 16: one common word
)


def test_an_alias_that_repeats_the_prompt_is_an_error_on_its_own_line(tmp_path: Path) -> None:
    path = bank_file(tmp_path, "How do you check the calibration of a classifier?", POINTS)
    errors, warnings = lint_bank(load_bank([path]))
    assert [str(e) for e in errors] == [
        f"{path}:14: question 'q-lint': alias 'calibration' only repeats words of the prompt, "
        "so echoing the question matches it",
        f"{path}:16: question 'q-lint': alias 'threshold' has one content word, 'threshold', "
        "a common English word, so answers without the idea match it",
    ]
    assert warnings == []


def test_prompt_words_are_compared_as_the_grader_compares_them() -> None:
    prompt = frozenset({"calibr", "classifi"})
    from bot.grading.text import stem

    stems = frozenset(stem(w) for w in ("calibrating", "classifiers"))
    assert alias_problem("calibrated", stems) is not None  # another form of a prompt word
    assert alias_problem("the calibration", stems) is not None  # stop words do not help
    assert alias_problem("calibrated probabilities", stems) is None  # adds an idea
    assert alias_problem("of the", prompt) == "has no content word"


def test_one_common_word_is_an_error_and_specific_words_are_not() -> None:
    nothing = frozenset[str]()
    for generic in ("fit", "model", "cost", "data", "monitoring", "the model", "my role", "fold by fold"):
        assert "common English word" in (alias_problem(generic, nothing) or ""), generic
    for specific in ("overfitting", "regularisation", "one-hot", "out-of-fold", "tp / (tp + fp)", "brier score"):
        assert alias_problem(specific, nothing) is None, specific


def test_the_common_word_list_is_the_frequency_snapshot() -> None:
    words = common_words()
    assert 6500 < len(words) < 8000
    assert all(is_common(w) for w in ("fit", "learn", "model", "threshold", "Cost"))
    assert not any(is_common(w) for w in ("overfitting", "dropout", "calibration", "inference", "bootstrap"))


def test_counting_the_asks_of_a_prompt() -> None:
    assert count_asks("What is a confusion matrix?") == 1
    assert count_asks("Compare SGD with momentum, RMSProp and Adam.") == 1
    assert count_asks("What is BERT, how is it pre-trained, and how is it used?") == 3
    assert count_asks("What is leakage? Give some common ways it sneaks in, and how to prevent it.") == 3
    assert count_asks("You deploy a model. It drifts. What do you do and why?") == 2
    assert count_asks("How do you calibrate it and choose its decision threshold?") == 2


def test_a_prompt_with_more_asks_than_key_points_is_a_warning(tmp_path: Path) -> None:
    prompt = "What is calibration, why does it matter, how do you measure it, and when does it drift?"
    path = bank_file(
        tmp_path,
        prompt,
        POINTS.replace("calibration\n", "reliability curve\n").replace(", threshold]", ", sigmoid fitted to scores]"),
    )
    errors, warnings = lint_bank(load_bank([path]))
    assert errors == []
    assert [str(w) for w in warnings] == [
        f"{path}:6: warning: question 'q-lint': the prompt asks about 4 things but has 3 key points; "
        "give every part of the prompt a key point"
    ]


def test_content_check_cli_fails_on_alias_errors_and_passes_on_warnings(tmp_path: Path) -> None:
    bad = bank_file(tmp_path, "How do you check the calibration of a classifier?", POINTS)
    result = drillbot("content", "check", str(bad))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(f"{bad}:14: question 'q-lint': alias 'calibration'")
    assert "2 problem(s)" in result.stderr
    prompt = "What is calibration, why does it matter, how do you measure it, and when does it drift?"
    warned = bank_file(
        tmp_path,
        prompt,
        POINTS.replace("calibration\n", "reliability curve\n").replace(", threshold]", ", sigmoid fitted to scores]"),
    )
    result = drillbot("content", "check", str(warned))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "1 questions, no problems, 1 warning(s)"


def test_the_reviewed_bank_files_pass_the_key_point_rules() -> None:
    errors, _ = lint_bank(load_bank())
    offending = sorted({Path(e.file).name for e in errors} - NOT_YET_REVIEWED)
    assert not offending, "\n".join(str(e) for e in errors if Path(e.file).name in offending)
