"""Point rules, per workspace, with documented defaults.

An on-time answer earns `answer` points for taking part, up to `coverage` points for
how much of the model answer it covered (score × coverage, rounded), a point per
teammate's kudos up to `kudos_cap` (never from yourself: kudos.py refuses those),
and `streak_bonus` points once the answerer's streak in that channel reaches
`streak_bonus_after` scheduled days. A reply flagged as a copy earns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from bot.db.models import Workspace
from bot.grading import Grade

RULE_NAMES = {  # what admins type -> PointRules field and Workspace column
    "answer": "answer",
    "coverage": "coverage",
    "kudos-cap": "kudos_cap",
    "streak-bonus": "streak_bonus",
    "streak-after": "streak_bonus_after",
}
RULE_LIMITS = {"answer": 20, "coverage": 20, "kudos_cap": 50, "streak_bonus": 20, "streak_bonus_after": 365}
COLUMNS = {"answer": "points_answer", "coverage": "points_coverage"}  # other fields share the column's name


@dataclass(frozen=True)
class PointRules:
    answer: int = 1
    coverage: int = 3
    kudos_cap: int = 3
    streak_bonus: int = 1
    streak_bonus_after: int = 3

    def for_answer(self, grade: Grade, kudos: int, streak: int) -> list[tuple[str, int]]:
        """Ledger entries (reason, points) for one graded on-time answer; zero-point
        entries are left out."""
        if grade.flag == "peer-copy":
            return []
        entries = [
            ("answer", self.answer),
            ("coverage", round(max(0.0, min(1.0, grade.score)) * self.coverage)),
            ("kudos", min(kudos, self.kudos_cap)),
            ("streak", self.streak_bonus if streak >= self.streak_bonus_after else 0),
        ]
        return [(reason, points) for reason, points in entries if points > 0]

    def describe(self) -> str:
        return "\n".join(
            [
                f"• answering before the reveal: {self.answer}",
                f"• coverage of the model answer: up to {self.coverage}",
                f"• kudos from teammates: 1 each, up to {self.kudos_cap} per answer (never from yourself)",
                f"• streak bonus: {self.streak_bonus} per answer once your streak reaches {self.streak_bonus_after}",
            ]
        )


def column_of(field_name: str) -> str:
    return COLUMNS.get(field_name, field_name)


def rules_for(workspace: Workspace, defaults: PointRules) -> PointRules:
    """The workspace's own rules where it set them, the defaults elsewhere."""
    chosen = {}
    for f in fields(PointRules):
        value = getattr(workspace, column_of(f.name))
        if value is not None:
            chosen[f.name] = value
    return replace(defaults, **chosen)
