"""The scheduler at scale: `drillbot simulate` with 10,000 channels over 2 days.

    .venv/bin/python bench/schedule.py [--channels 10000] [--days 2]

Prints the simulation's JSON report (posts, reveals, duplicates, missed slots, worst
lateness in seconds, peak memory) and the wall time. Targets: 0 duplicates, 0 missed,
every post within 60 s of its minute, peak memory at most 300 MB.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.scheduling.simulate import run  # noqa: E402

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    report = run(args.channels, args.days)
    print(json.dumps(report))
    print(f"{args.channels} channels over {args.days} days simulated in {time.perf_counter() - started:.0f} s")
