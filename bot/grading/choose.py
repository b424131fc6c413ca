"""Picking the scorer named by the GRADER setting or `--scorer`."""

from __future__ import annotations

import logging

from bot.grading.base import Grader
from bot.grading.scorer import DefaultScorer

log = logging.getLogger("drillbot.grading")


def make_grader(name: str, warn: list[str] | None = None) -> Grader:
    """The named scorer. Asking for 'semantic' without its extra installed gives the
    default scorer and a clear message (logged, and appended to `warn` if given)."""
    if name == "semantic":
        from bot.grading.semantic import SemanticScorer, SemanticUnavailable

        try:
            return SemanticScorer()
        except SemanticUnavailable as missing:
            message = f"{missing}; using the default scorer"
            log.warning(message)
            if warn is not None:
                warn.append(message)
    return DefaultScorer()
