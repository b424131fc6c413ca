"""Loading bank files with every problem reported as `file:line: what is wrong`.

YAML is composed into nodes first so each question and each of its fields keeps the
line it was written on; pydantic's error locations are then mapped back to lines.
All files are read and all errors collected before anything is used, so a broken
bank never half-loads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.bank.schema import QuestionSpec
from bot.bank.team import TeamQuestionSpec

BANK_DIR = Path(__file__).resolve().parents[2] / "content"


@dataclass(frozen=True)
class ContentError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class LoadedQuestion:
    spec: QuestionSpec
    file: str
    line: int


@dataclass
class Bank:
    questions: list[LoadedQuestion] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_id(self) -> dict[str, QuestionSpec]:
        return {q.spec.id: q.spec for q in self.questions}


class BankError(Exception):
    """The bank has errors; the message lists every one of them."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def bank_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"})
        else:
            files.append(path)
    return files


def load_bank(paths: list[Path] | None = None) -> Bank:
    """Read every bank file under `paths` (default: the shipped `content/`)."""
    bank = Bank()
    first_seen: dict[str, str] = {}
    for path in bank_files(paths or [BANK_DIR]):
        for qid, where, spec in _load_file(path, bank.errors):
            if qid in first_seen:
                file, line = where
                bank.errors.append(ContentError(file, line, f"duplicate id {qid!r} (first at {first_seen[qid]})"))
                continue
            if qid:
                first_seen[qid] = f"{where[0]}:{where[1]}"
            if spec is not None:
                bank.questions.append(LoadedQuestion(spec, *where))
    return bank


def load_bank_or_raise(paths: list[Path] | None = None) -> Bank:
    bank = load_bank(paths)
    if bank.errors:
        raise BankError(bank.errors)
    return bank


def _load_file(path: Path, errors: list[ContentError]) -> list[tuple[str, tuple[str, int], QuestionSpec | None]]:
    """Each question's id and place, with its spec, or None when it has errors."""
    name = str(path)
    if not path.is_file():
        errors.append(ContentError(name, 0, "no such file or folder"))
        return []
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        errors.append(ContentError(name, 1, "not UTF-8 text"))
        return []
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        errors.append(ContentError(name, line, f"YAML syntax: {exc.problem}"))
        return []
    duplicates = duplicate_keys(root, name)
    if duplicates:  # YAML keeps the last value silently; a reviewer would never see the first
        errors.extend(duplicates)
        return []
    questions_node = _questions_node(root, name, errors)
    if questions_node is None:
        return []
    loaded: list[tuple[str, tuple[str, int], QuestionSpec | None]] = []
    for node in questions_node.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            errors.append(ContentError(name, line, "each question must be a mapping of fields"))
            continue
        try:
            data = _construct(node)
        except yaml.YAMLError as exc:
            errors.append(ContentError(name, line, f"YAML: {exc}"))
            continue
        qid = str(data.get("id", "")) if isinstance(data, dict) else ""
        try:
            loaded.append((qid, (name, line), spec_for(path).model_validate(data)))
        except ValidationError as exc:
            errors.extend(_validation_errors(exc, node, name, data))
            loaded.append((qid, (name, line), None))
    return loaded


def duplicate_keys(root: yaml.Node | None, name: str) -> list[ContentError]:
    """Every key written twice in one mapping, anywhere in the file, at its second line."""
    found: list[ContentError] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1
                    if key.value in seen:
                        found.append(
                            ContentError(name, line, f"duplicate key {key.value!r} (first at line {seen[key.value]})")
                        )
                    else:
                        seen[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(found, key=lambda e: e.line)


def spec_for(path: Path) -> type[QuestionSpec]:
    """The shipped bank keeps its strict limits; a team's own files get the relaxed
    ones a team sheet can meet (bot/bank/team.py)."""
    return QuestionSpec if path.resolve().is_relative_to(BANK_DIR) else TeamQuestionSpec


def _construct(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _questions_node(root: yaml.Node | None, name: str, errors: list[ContentError]) -> yaml.SequenceNode | None:
    if root is None:
        errors.append(ContentError(name, 1, "file is empty; expected 'questions:' with a list"))
        return None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "questions":
                if isinstance(value, yaml.SequenceNode):
                    return value
                errors.append(ContentError(name, value.start_mark.line + 1, "'questions' must be a list"))
                return None
            errors.append(ContentError(name, key.start_mark.line + 1, f"unknown top-level key {key.value!r}"))
    errors.append(ContentError(name, root.start_mark.line + 1, "expected a mapping with a 'questions:' list"))
    return None


def _validation_errors(
    exc: ValidationError, node: yaml.MappingNode, name: str, data: dict[str, Any]
) -> list[ContentError]:
    qid = data.get("id", "?") if isinstance(data, dict) else "?"
    found = []
    for err in exc.errors():
        loc = err["loc"]
        line = _line_of(node, loc)
        field_name = ".".join(str(p) for p in loc) or "question"
        if err["type"] == "missing":
            message = f"question {qid!r}: missing field {field_name!r}"
        elif err["type"] == "extra_forbidden":
            message = f"question {qid!r}: unknown field {field_name!r}"
        else:
            text = err["msg"].removeprefix("Value error, ")
            message = f"question {qid!r}: {field_name}: {text}"
        found.append(ContentError(name, line, message))
    return found


def _line_of(node: yaml.Node, loc: tuple[Any, ...]) -> int:
    """The line of the deepest node that `loc` reaches, falling back to its parent."""
    line = node.start_mark.line + 1
    current: yaml.Node | None = node
    for part in loc:
        if isinstance(current, yaml.MappingNode):
            current = next((v for k, v in current.value if k.value == part), None)
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and part < len(current.value):
            current = current.value[part]
        else:
            current = None
        if current is None:
            break
        line = current.start_mark.line + 1
    return line


def stats(bank: Bank) -> dict[str, Any]:
    """Counts for `drillbot content stats`."""
    specs = [q.spec for q in bank.questions]
    by_source: Counter[str] = Counter()
    for spec in specs:
        by_source.update(set(spec.sources))
    return {
        "total": len(specs),
        "by_topic": dict(sorted(Counter(s.topic for s in specs).items())),
        "by_difficulty": {str(k): v for k, v in sorted(Counter(s.difficulty for s in specs).items())},
        "by_kind": dict(sorted(Counter(s.kind for s in specs).items())),
        "by_source": dict(sorted(by_source.items())),
        "reviewed": sum(1 for s in specs if s.reviewed is not None),
        "references": sum(1 for s in specs if s.references),
    }
