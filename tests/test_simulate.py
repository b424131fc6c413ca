"""`drillbot simulate`: the real scheduler over many time zones and a DST change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_simulated_days_post_every_slot_once_and_on_time() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "simulate", "--channels", "48", "--days", "2", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"posts", "reveals", "duplicates", "missed", "max_lateness_s", "peak_rss_mb"}
    assert report["posts"] > 0 and report["reveals"] > 0
    assert report["duplicates"] == 0 and report["missed"] == 0
    assert report["max_lateness_s"] <= 60


def test_simulate_rejects_nonsense() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "simulate", "--channels", "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2 and "at least 1" in result.stderr
