"""`drillbot content import`: good rows become a valid bank file, bad rows are named."""

from __future__ import annotations

import codecs
import csv
import subprocess
from pathlib import Path

import pytest

from bot.bank.loader import load_bank
from bot.bank.schema import TOPICS
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
        {**good_row(), "key_points": "|".join(f"p{n}" for n in range(9))},
    ]
    source = write_csv(tmp_path / "team.csv", rows)
    result = run(str(source))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{source}:3: topic 'astrology' is not one of: " + ", ".join(TOPICS)
    assert lines[1] == f"{source}:4: answer too short: 2 words, write at least one full sentence"
    assert lines[2] == f"{source}:5: key_points: give at most 8, separated by ; or | or line breaks"
    assert lines[3] == "nothing written: 3 rows with problems (UTF-8 text)"
    assert not (tmp_path / "team.yaml").exists()
    assert "validation" not in result.stderr and "Input should" not in result.stderr


def test_missing_columns_and_existing_output(tmp_path: Path) -> None:
    source = tmp_path / "team.csv"
    source.write_text("question,answer\nA,B\n", encoding="utf-8")
    result = run(str(source))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"drillbot: {source}:1: the first line must name the columns; missing topic (found: question, answer). "
        "Columns: question, answer, topic, and optionally key_points, difficulty, kind, hint, id"
    )
    (tmp_path / "team.yaml").write_text("keep me", encoding="utf-8")
    assert "exists" in run(str(source)).stderr


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.csv"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"drillbot: cannot read {tmp_path / 'nope.csv'}: No such file or directory"


SHEET = [
    ["question", "answer", "topic", "key_points"],
    [
        "Qu'est-ce que la régularisation ?",
        "La régularisation pénalise les poids élevés. Elle réduit le surapprentissage.",
        "deep-learning",
        "",
    ],
    [
        "Why clip gradients in RNNs?",
        "Clipping caps the norm of each update.",
        "deep-learning",
        "caps the norm|stops “exploding” gradients\nsteadier training",
    ],
]


def write_sheet(path: Path, encoding: str, delimiter: str, *, bom: bytes = b"") -> Path:
    text = "\r\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in SHEET) + "\r\n"
    path.write_bytes(bom + text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom", "said"),
    [
        ("cp1252", ";", b"", "Windows cp1252, separated by semicolons"),
        ("utf-8", ",", b"", "UTF-8, separated by commas"),
        ("utf-8", "\t", codecs.BOM_UTF8, "UTF-8 with BOM, separated by tabs"),
        ("utf-16-le", "\t", codecs.BOM_UTF16_LE, "UTF-16, separated by tabs"),
        ("utf-16-le", ",", b"", "UTF-16, separated by commas"),
    ],
)
def test_sheets_as_excel_saves_them_import_with_accents_intact(
    tmp_path: Path, encoding: str, delimiter: str, bom: bytes, said: str
) -> None:
    source = write_sheet(tmp_path / "team.csv", encoding, delimiter, bom=bom)
    result = run(str(source))
    assert result.returncode == 0, result.stderr
    assert said in result.stdout and "wrote 2 questions" in result.stdout
    bank = load_bank([tmp_path / "team.yaml"])
    assert bank.ok, bank.errors
    first, second = (q.spec for q in bank.questions)
    assert first.prompt == "Qu'est-ce que la régularisation ?" and first.id == "team-qu-est-ce-que-la-regularisation"
    assert [k.point for k in first.key_points] == [
        "La régularisation pénalise les poids élevés",
        "Elle réduit le surapprentissage",
    ]  # derived from the answer's sentences: the sheet gave none
    assert [k.point for k in second.key_points] == ["caps the norm", "stops “exploding” gradients", "steadier training"]


def test_ids_are_checked_against_the_bank_and_the_file(tmp_path: Path) -> None:
    taken = load_bank().questions[0]
    rows = [
        {**good_row(), "id": taken.spec.id},
        {**good_row("Why clip gradients, again?"), "id": "team-own"},
        {**good_row("Why clip gradients, thrice?"), "id": "team-own"},
    ]
    source = write_csv(tmp_path / "team.csv", rows)
    result = run(str(source))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    where = f"{taken.file}:{taken.line}"
    assert lines[0] == f"{source}:2: id {taken.spec.id!r} is already used by a question in {where}; choose another id"
    assert lines[1] == f"{source}:4: id 'team-own' is used twice in this file (first on line 3); ids must be unique"


def test_an_imported_file_loads_as_team_content_with_the_relaxed_limits(engine, database_url, tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    source = write_csv(
        team / "ours.csv", [{**good_row(), "answer": "Clipping caps the norm of each update.", "key_points": ""}]
    )
    assert run(str(source)).returncode == 0
    checked = drillbot("content", "check", str(team))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    strict = load_bank([source.with_suffix(".yaml")])
    assert strict.ok  # outside content/, the team limits apply
    from bot.bank.loader import BANK_DIR, spec_for
    from bot.bank.schema import QuestionSpec

    assert spec_for(BANK_DIR / "any.yaml") is QuestionSpec  # the shipped bank keeps its strict limits
