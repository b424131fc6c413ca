"""`drillbot simulate` in words: each figure beside what a healthy scheduler gives, so a
reader can tell a good run from a bad one without knowing the code."""

from __future__ import annotations

from typing import Any

TICK_SECONDS = 60  # the simulation ticks once per virtual minute


def explain(result: dict[str, Any]) -> str:
    """One line per figure with its expectation, and a verdict."""
    expected = result.get("expected_posts")
    late = result["max_lateness_s"]
    lines = [
        f"posts: {result['posts']}"
        + (f" (expected {expected}: one per channel per scheduled day)" if expected is not None else ""),
        f"reveals: {result['reveals']} (each post is revealed once its reveal time falls inside the run)",
        f"duplicates: {result['duplicates']} (expected 0: a second post for the same channel and day)",
        f"missed: {result['missed']} (expected 0: a scheduled slot that was never posted)",
        f"max lateness: {late} s (expected under {TICK_SECONDS} s: the clock ticks once a virtual minute)",
        f"peak memory: {result['peak_rss_mb']} MB (this process, database included)",
    ]
    healthy = result["duplicates"] == 0 and result["missed"] == 0 and late < TICK_SECONDS
    lines.append("verdict: OK" if healthy else "verdict: PROBLEM (see the figures above)")
    return "\n".join(lines)
