"""Reading the terminal: line editing and history when it is interactive, plain lines
when piped, and a clean end on Ctrl-D, Ctrl-C or end of input.

Lines are read on a daemon thread and handed to the event loop, so the scheduler keeps
ticking while the prompt waits and Ctrl-C never waits for a blocked read to return.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

HISTORY_LINES = 1000


class LineReader:
    """`await next_line()` gives the next typed line, or None at the end of input."""

    def __init__(self, stdin: TextIO, out: TextIO, prompt: Callable[[], str], history: Path | None) -> None:
        self.stdin = stdin
        self.out = out
        self.prompt = prompt
        self.interactive = stdin.isatty()
        self.history = history
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._ready = threading.Event()
        self._terminal = _save_terminal(stdin) if self.interactive else None
        if self.interactive:
            _enable_line_editing(history)
        threading.Thread(target=self._read, name="console-input", daemon=True).start()

    async def next_line(self) -> str | None:
        self._ready.set()  # the prompt is printed only when the session wants a line
        return await self._queue.get()

    def close(self) -> None:
        """Put the terminal back as it was, even if a read is still waiting."""
        if self.interactive:
            _save_history(self.history)
        _restore_terminal(self.stdin, self._terminal)

    def _read(self) -> None:
        while True:
            self._ready.wait()
            self._ready.clear()
            try:
                if self.interactive:
                    line: str | None = input(self.prompt())
                else:
                    raw = self.stdin.readline()
                    line = raw.rstrip("\r\n") if raw else None
            except (EOFError, KeyboardInterrupt, OSError, ValueError):
                line = None
            if line is None and self.interactive:
                self.out.write("\n")
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
            if line is None:
                return


def _enable_line_editing(history: Path | None) -> None:
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input still works
        return
    readline.set_history_length(HISTORY_LINES)
    if history is not None and history.exists():
        with contextlib.suppress(OSError):
            readline.read_history_file(history)


def _save_history(history: Path | None) -> None:
    if history is None:
        return
    try:
        import readline
    except ImportError:
        return
    with contextlib.suppress(OSError):
        history.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(history)


def _save_terminal(stdin: TextIO) -> list[Any] | None:
    try:
        import termios

        return termios.tcgetattr(stdin.fileno())
    except (ImportError, OSError, ValueError):
        return None


def _restore_terminal(stdin: TextIO, saved: list[Any] | None) -> None:
    if saved is None:
        return
    with contextlib.suppress(ImportError, OSError, ValueError):
        import termios

        termios.tcsetattr(stdin.fileno(), termios.TCSADRAIN, saved)
