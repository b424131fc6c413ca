"""`drillbot simulate`: the real scheduler over many time zones and a DST change."""

from __future__ import annotations

import json

from tests.helpers import drillbot


def test_simulated_days_post_every_slot_once_and_on_time() -> None:
    result = drillbot("simulate", "--channels", "48", "--days", "2", "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {
        "posts",
        "expected_posts",
        "reveals",
        "duplicates",
        "missed",
        "max_lateness_s",
        "peak_rss_mb",
    }
    assert report["posts"] == report["expected_posts"] > 0 and report["reveals"] > 0
    assert report["duplicates"] == 0 and report["missed"] == 0
    assert report["max_lateness_s"] <= 60


def test_simulate_rejects_nonsense() -> None:
    result = drillbot("simulate", "--channels", "0")
    assert result.returncode == 2 and "at least 1" in result.stderr


def test_the_report_says_what_each_figure_should_be_and_the_options_are_explained() -> None:
    result = drillbot("simulate", "--channels", "4", "--days", "1", timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("posts: ") and "(expected " in lines[0]
    assert "duplicates: 0 (expected 0" in result.stdout and "missed: 0 (expected 0" in result.stdout
    assert "max lateness:" in result.stdout and "expected under 60 s" in result.stdout
    assert lines[-1] == "verdict: OK"
    usage = drillbot("simulate", "--help").stdout
    assert "how many channels to schedule" in usage and "how many virtual days to run" in usage
