"""`drillbot simulate`: the real scheduler over many time zones and a DST change."""

from __future__ import annotations

import json

from tests.helpers import drillbot


def test_simulated_days_post_every_slot_once_and_on_time() -> None:
    result = drillbot("simulate", "--channels", "48", "--days", "2", "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"posts", "reveals", "duplicates", "missed", "max_lateness_s", "peak_rss_mb"}
    assert report["posts"] > 0 and report["reveals"] > 0
    assert report["duplicates"] == 0 and report["missed"] == 0
    assert report["max_lateness_s"] <= 60


def test_simulate_rejects_nonsense() -> None:
    result = drillbot("simulate", "--channels", "0")
    assert result.returncode == 2 and "at least 1" in result.stderr
