"""The one rule of the layout: bot/ never imports a platform library."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
PLATFORM_LIBRARIES = {"slack_bolt", "slack_sdk", "discord"}
COMPOSITION_ROOT = BOT / "cli.py"  # the one place that wires adapters to the core


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def forbidden_for(path: Path) -> set[str]:
    return PLATFORM_LIBRARIES if path == COMPOSITION_ROOT else PLATFORM_LIBRARIES | {"adapters"}


def test_core_imports_no_platform_library_nor_adapter() -> None:
    offenders = {
        f"{path.relative_to(BOT.parent)}: {sorted(imported_roots(path) & forbidden_for(path))}"
        for path in BOT.rglob("*.py")
        if imported_roots(path) & forbidden_for(path)
    }
    assert not offenders, offenders


def test_the_check_sees_imports() -> None:
    sample = BOT.parent / "adapters" / "console" / "app.py"
    assert "bot" in imported_roots(sample)


CONSOLE = BOT.parent / "adapters" / "console"
CONSOLE_MAY_NOT_IMPORT = ("sqlmodel", "sqlalchemy", "bot.usecases", "bot.db", "bot.scheduling.due")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_console_adapter_calls_core_operations_only() -> None:
    """Local mode goes through the facade (bot/core.py) and bot/local_mode.py: no use
    case, no SQL, no scheduler internals of its own."""
    offenders = {
        f"{path.name}: {name}"
        for path in CONSOLE.glob("*.py")
        for name in imported_modules(path)
        if name.startswith(CONSOLE_MAY_NOT_IMPORT)
    }
    assert not offenders, offenders
