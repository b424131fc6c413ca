"""The collector and a long-lived server's start-up heap.

Everything loaded at start-up (libraries, the question bank, the grader's tables, the
apps) lives as long as the process, yet each full collection walks all of it: about
80 ms of every request waiting here, the slowest acks of a busy minute. Once the
server is built those objects are collected once and then frozen out of the
collector's view (`gc.freeze`), so a full collection walks only what requests made.
"""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Call once, after start-up and before serving."""
    gc.collect()
    gc.freeze()
