"""`drillbot content import`: good rows become a valid bank file, bad rows are named."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

from bot.bank.loader import load_bank
from tests.helpers import drillbot

ANSWER = " ".join(["Gradient", "clipping", "caps", "the", "norm", "of", "the", "update."] * 12)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return drillbot("content", "import", *args)


def good_row(question: str = "Why clip gradients?") -> dict[str, str]:
    return {
        "question": question,
        "answer": ANSWER,
        "topic": "deep-learning",
        "key_points": "caps the norm; prevents exploding gradients; stabilises training",
    }


def test_good_rows_become_a_valid_bank_file(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "team.csv", [good_row(), good_row("Why clip gradients in RNNs?")])
    result = run(str(source))
    assert result.returncode == 0, result.stderr
    bank = load_bank([tmp_path / "team.yaml"])
    assert bank.ok
    assert [q.spec.id for q in bank.questions] == ["team-why-clip-gradients", "team-why-clip-gradients-in-rnns"]
    assert bank.questions[0].spec.key_points[1].point == "prevents exploding gradients"
    assert bank.questions[0].spec.sources == ["original"]


def test_bad_rows_are_rejected_with_line_numbers_and_nothing_is_written(tmp_path: Path) -> None:
    rows = [
        good_row(),
        {**good_row(), "topic": "astrology"},
        {**good_row(), "answer": "Too short."},
        {**good_row(), "key_points": "only one"},
    ]
    source = write_csv(tmp_path / "team.csv", rows)
    result = run(str(source))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{source}:3: topic: Input should be")
    assert lines[1] == f"{source}:4: answer: answer too short: 2 words, at least 80"
    assert lines[2].startswith(f"{source}:5: key_points: List should have at least 3 items")
    assert lines[3] == "nothing written: 3 bad row(s)"
    assert not (tmp_path / "team.yaml").exists()


def test_missing_columns_and_existing_output(tmp_path: Path) -> None:
    source = tmp_path / "team.csv"
    source.write_text("question,answer\nA,B\n", encoding="utf-8")
    result = run(str(source))
    assert result.returncode == 1
    assert f"{source}:1: missing column(s): topic, key_points" in result.stderr
    (tmp_path / "team.yaml").write_text("keep me", encoding="utf-8")
    assert "exists" in run(str(source)).stderr
