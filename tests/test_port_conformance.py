"""Every ChatPort implementation (the platforms', the console's, the tests' fakes,
`simulate`'s and the benches') against the port the core uses, and the port against
the core: each of its methods has a caller in bot/."""

from __future__ import annotations

import ast
import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pytest

from adapters.console.port import ConsolePort
from adapters.discord.port import DiscordPort
from adapters.slack.port import SlackPort
from bot.chat.ports import ChatPort, Place
from bot.clock import VirtualClock
from bot.scheduling.simulate import MemoryPort
from tests.conftest import START
from tests.fakes.chat import CrashAfterSendPort, RecordingPort
from tests.port_contract import CAPABILITIES, exercise, protocol_methods, shape_problems

ROOT = Path(__file__).resolve().parents[1]


def bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IMPLEMENTATIONS = [
    SlackPort,
    DiscordPort,
    ConsolePort,
    RecordingPort,
    CrashAfterSendPort,
    MemoryPort,
    bench("answers").NullPort,
    bench("broken_channels").LatencyPort,
]


@pytest.mark.parametrize("cls", IMPLEMENTATIONS, ids=lambda cls: cls.__name__)
def test_every_port_has_the_shape_the_core_calls(cls: type) -> None:
    assert shape_problems(cls) == []


def test_the_shape_check_catches_a_wrong_port() -> None:
    class Old:
        async def post(self, place, reply): ...  # type: ignore[no-untyped-def]

        def reply_in_thread(self, ref, reply): ...  # type: ignore[no-untyped-def]

        async def send_private(self, where, user, reply): ...  # type: ignore[no-untyped-def]

        pages = None

    problems = shape_problems(Old)
    assert "Old.find_sent is missing" in problems
    assert any("reply_in_thread: async-ness" in p for p in problems)
    assert any(p.startswith("Old.send_private(") for p in problems)
    assert "Old.pages is not a method" in problems


def _called_in_bot() -> set[str]:
    """Attribute names used anywhere in bot/ (called, or handed over to be called, like
    `send=port.post`), outside the port's own definition."""
    names = set()
    for path in (ROOT / "bot").rglob("*.py"):
        if path.name == "ports.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
    return names


def test_every_port_method_and_capability_has_a_caller_in_the_core() -> None:
    called = _called_in_bot()
    methods = protocol_methods(ChatPort) + [m for cap in CAPABILITIES.values() for m in protocol_methods(cap)]
    assert [m for m in methods if m not in called] == []


PLACE = Place("T1", "C1")


async def test_the_recording_port_keeps_the_contract() -> None:
    await exercise(RecordingPort(), PLACE, "U1")


async def test_simulates_port_keeps_the_contract() -> None:
    await exercise(MemoryPort(VirtualClock(START, frozen=True)), PLACE, "U1")


async def test_the_console_port_keeps_the_contract(tmp_path: Path) -> None:
    out = io.StringIO()
    await exercise(ConsolePort(out, lambda: "09:00", tmp_path), PLACE, "alice")
    assert "only alice sees this" in out.getvalue()


async def test_the_benches_ports_keep_the_contract() -> None:
    await exercise(bench("answers").NullPort(), PLACE, "U1", remembers=False)
    await exercise(bench("broken_channels").LatencyPort(0), Place("T1", "GOOD"), "U1", remembers=False)
