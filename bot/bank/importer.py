"""`drillbot content import FILE.csv`: a team's spreadsheet of questions as a bank file.

Columns: question, answer, topic, and optionally key_points, difficulty, kind, hint, id
(headers in any case and order). Sheets come as Excel and friends save them: UTF-8 with
or without a BOM, UTF-16, or Windows cp1252; separated by `,`, `;` or tabs. Key points
in one cell are separated by `;`, `|` or line breaks; without any, they are derived from
the answer's sentences. Every row is validated like a team bank question
(bot/bank/team.py) and every problem is reported as `file:line: problem` in plain
words; nothing is written unless every row is good, so a half-imported sheet never
reaches the bank.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.bank.schema import KINDS, TOPICS, QuestionSpec
from bot.bank.team import TeamQuestionSpec

REQUIRED_COLUMNS = ("question", "answer", "topic")
OPTIONAL_COLUMNS = ("key_points", "difficulty", "kind", "hint", "id")
KIND_FOR_TOPIC = {"behavioral": "behavioral", "coding": "coding"}
DELIMITERS = ",;\t"
POINT_SEPARATORS = re.compile(r"[;|\r\n]+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
CLAUSE = re.compile(r"[,;:]\s+|\s+(?:and|but|so|because|which)\s+")
MAX_DERIVED_POINTS = 4
POINT_WORDS = 12


@dataclass
class ImportResult:
    questions: list[QuestionSpec] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    bad_rows: set[int] = field(default_factory=set)


class SheetError(Exception):
    """The file as a whole cannot be read; the message is one line."""


def slug(text: str, taken: set[str]) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()  # é -> e
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:6]
    base = "team-" + "-".join(words or ["question"])
    base = base[:70].rstrip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a sheet and the encoding it was in: a BOM decides; else UTF-16 is
    recognised by its zero bytes, UTF-8 by decoding cleanly, and cp1252 (Excel on
    Windows) is what is left."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 with BOM"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "UTF-16"
    sample = raw[:2000]
    if sample and sample.count(0) >= len(sample) // 4:  # UTF-16 without a BOM
        even_zeros = sample[0::2].count(0)
        codec = "utf-16-be" if even_zeros > sample[1::2].count(0) else "utf-16-le"
        return raw.decode(codec), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def sniff_delimiter(text: str) -> str:
    """`,`, `;` or tab: the one the header line uses most (a header has no quoted text)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: Path, existing_ids: dict[str, str] | set[str] | None = None) -> ImportResult:
    """Every good row as a question, or every problem. `existing_ids` maps the bank's
    ids to where they are defined, so a clash names the other question's place."""
    result = ImportResult()
    known = (
        dict.fromkeys(existing_ids, "the question bank") if isinstance(existing_ids, set) else dict(existing_ids or {})
    )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SheetError(f"cannot read {path}: {exc.strerror or exc}") from None
    text, result.encoding = decode(raw)
    result.delimiter = sniff_delimiter(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=result.delimiter)
    header = [(h or "").strip().lower().replace(" ", "_").replace("-", "_") for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "nothing"
        raise SheetError(
            f"{path}:1: the first line must name the columns; missing {', '.join(missing)} "
            f"(found: {found}). Columns: {', '.join(REQUIRED_COLUMNS)}, and optionally {', '.join(OPTIONAL_COLUMNS)}"
        )
    reader.fieldnames = header
    taken = set(known)
    in_file: dict[str, int] = {}
    line = 1
    for row in reader:
        first_line, line = line + 1, reader.line_num
        if not any((v or "").strip() for k, v in row.items() if k):
            continue  # a blank line between rows
        where = f"{path}:{first_line}"
        try:
            data = _row_to_question(row, taken)
            _check_id(data["id"], known, in_file, first_line)
            spec = TeamQuestionSpec.model_validate(data)
        except ValidationError as exc:
            result.errors.extend(f"{where}: {_describe(e)}" for e in exc.errors())
            result.bad_rows.add(first_line)
            continue
        except ValueError as exc:
            result.errors.append(f"{where}: {exc}")
            result.bad_rows.add(first_line)
            continue
        in_file[spec.id] = first_line
        taken.add(spec.id)
        result.questions.append(spec)
    if not result.questions and not result.errors:
        raise SheetError(f"{path}: no questions: the file has a header line but no rows")
    return result


def _check_id(qid: str, known: dict[str, str], in_file: dict[str, int], line: int) -> None:
    if qid in in_file:
        raise ValueError(f"id {qid!r} is used twice in this file (first on line {in_file[qid]}); ids must be unique")
    if qid in known:
        raise ValueError(f"id {qid!r} is already used by a question in {known[qid]}; choose another id")


def _row_to_question(row: dict[str, Any], taken: set[str]) -> dict[str, Any]:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    topic = cell("topic").lower().replace(" ", "-")
    difficulty = cell("difficulty") or "2"
    if difficulty not in {"1", "2", "3"}:
        raise ValueError(f"difficulty {difficulty!r} should be 1 (easy), 2 or 3 (hard)")
    points = [p.strip() for p in POINT_SEPARATORS.split(cell("key_points")) if p.strip()]
    question: dict[str, Any] = {
        "id": cell("id").lower() or slug(cell("question"), taken),
        "topic": topic,
        "kind": cell("kind").lower() or KIND_FOR_TOPIC.get(topic, "concept"),
        "difficulty": int(difficulty),
        "prompt": cell("question"),
        "answer": cell("answer"),
        "key_points": points or derive_key_points(cell("answer")),
        "sources": ["original"],
    }
    if cell("hint"):
        question["hint"] = cell("hint")
    return question


def derive_key_points(answer: str) -> list[str]:
    """Key points from a model answer: its sentences (or, for one sentence, its clauses),
    each cut to a few words, which is what the grader matches on."""
    parts = [s.strip(" .!?") for s in SENTENCE_END.split(answer.strip()) if s.strip(" .!?")]
    if len(parts) < 2 and parts:
        parts = [c.strip(" .!?") for c in CLAUSE.split(parts[0]) if len(c.split()) >= 2] or parts
    return [" ".join(p.split()[:POINT_WORDS]) for p in parts[:MAX_DERIVED_POINTS]]


COLUMN_OF = {"prompt": "question"}


def _describe(error: Any) -> str:
    """A pydantic error as a sentence about the sheet's column."""
    loc = error["loc"]
    if not loc:
        return str(error["msg"]).removeprefix("Value error, ")
    column = COLUMN_OF.get(str(loc[0]), str(loc[0])) if loc else "row"
    value = error.get("input")
    kind = error["type"]
    if column == "topic":
        return f"topic {value!r} is not one of: {', '.join(TOPICS)}"
    if column == "kind" and kind != "value_error":
        return f"kind {value!r} is not one of: {', '.join(KINDS)}"
    if column == "id" and kind == "string_pattern_mismatch":
        return f"id {value!r} should be 3-80 lower-case letters, digits and dashes, starting with a letter or digit"
    if column == "question" and kind == "string_too_short":
        return "the question is empty or shorter than 10 characters"
    if column == "key_points":
        return "key_points: give at most 8, separated by ; or | or line breaks"
    if kind == "missing":
        return f"{column} is empty"
    message = error["msg"].removeprefix("Value error, ")
    return message if message.startswith(column) else f"{column}: {message}"


def to_yaml(questions: list[QuestionSpec]) -> str:
    data = {"questions": [q.model_dump(exclude_none=True, exclude_defaults=False) for q in questions]}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
