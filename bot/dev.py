"""Set up a fresh machine and run Drillbot or its tests, with nothing but Python:

    python3 -m bot.dev run [drillbot run options]   # local mode
    python3 -m bot.dev test [pytest options]        # the test suite

It creates `.venv/` beside the code and installs the project with its development
extras there, again only when pyproject.toml changes. Standard library only: it runs
before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".drillbot-installed"
USAGE = "usage: python3 -m bot.dev run [options] | test [pytest options]"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> Path:
    """Create the virtual environment and install the project into it if needed."""
    python = venv_python()
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if python.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return python
    if not python.exists():
        print(f"creating {VENV} ...", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    print("installing Drillbot and its dependencies (first run only) ...", file=sys.stderr)
    subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"])
    STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036  (this file runs under whatever python3 is first)
        print(f"Drillbot needs Python 3.11 or newer; this is {sys.version.split()[0]}", file=sys.stderr)
        return 2
    if not argv or argv[0] not in {"run", "test"}:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        python = ensure_environment()
    except KeyboardInterrupt:
        print("\ninterrupted: run the same command again to finish setting up", file=sys.stderr)
        return 130
    os.chdir(ROOT)
    if argv[0] == "run":
        command = [str(python), "-m", "bot.cli", "run", *argv[1:]]
    else:
        command = [str(python), "-m", "pytest", *argv[1:]]
    return run_child(command)


def run_child(command: list[str]) -> int:
    """Run the command and return its exit code. Ctrl-C reaches the child too (same
    process group), which ends on its own; this wrapper only waits, so it never adds
    a traceback of its own."""
    child = subprocess.Popen(command)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
