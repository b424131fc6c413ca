"""The specs of `/drill dispute`, `/drill disputes` and `/drill resolve` (issue 16):
their grammar, Discord options and handlers (bot/commands/disputes.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.commands import disputes
from bot.commands.spec import CommandSpec, Option, UsageError
from bot.commands.types import RESOLVE_DECISIONS, DisputeGrade, Disputes, Resolve
from bot.commands.words import NUMBERISH, no_args, whole_number

if TYPE_CHECKING:
    from bot.chat.ports import Reply
    from bot.commands.handlers import Call

SCORE = re.compile(r"^(\d{1,3})%?$")


def parse_dispute(args: list[str]) -> DisputeGrade:
    """The why is prose, kept as typed (a `prose` command: apostrophes are not quotes)."""
    return DisputeGrade(" ".join(args).strip())


def parse_resolve(args: list[str]) -> Resolve:
    """`N accept [SCORE%] [teach]` or `N reject [why]`; the why is prose, kept as typed."""
    rest = " ".join(args)
    words = rest.split()
    if not words:
        raise UsageError("resolve", "Give the dispute's number and a decision, for example `/drill resolve 1 accept`.")
    number = whole_number(words[0])
    if number is None:
        raise UsageError("resolve", f"`{words[0]}` is not a dispute number; `/drill disputes` lists them.")
    if len(words) < 2 or words[1].lower() not in RESOLVE_DECISIONS:
        raise UsageError("resolve", "Say `accept` or `reject` after the dispute's number.")
    if words[1].lower() == "reject":
        why = rest.split(None, 2)[2].strip() if len(words) > 2 else ""
        return Resolve(number, False, why=why)
    score: float | None = None
    teach = False
    for word in words[2:]:
        found = SCORE.match(word)
        if word.lower() == "teach" and not teach:
            teach = True
        elif found and score is None and int(found.group(1)) <= 100:
            score = int(found.group(1)) / 100
        elif found or NUMBERISH.match(word.rstrip("%")):
            raise UsageError("resolve", f"`{word}` is not a score: give one whole percentage from 0% to 100%.")
        else:
            raise UsageError("resolve", f"Unexpected `{word}`: `accept` takes a score such as 80% and `teach`.")
    return Resolve(number, True, score, teach)


def _dispute(call: Call, command: DisputeGrade) -> Reply:
    return disputes.dispute_reply(call, None, command.reason)


def _disputes(call: Call, command: Disputes) -> Reply:
    return disputes.disputes_reply(call)


DISPUTE = CommandSpec(
    "dispute",
    "[why]",
    "contest your grade on a revealed question (in its thread, or your latest)",
    parse_dispute,
    options=(Option("why", "Why the grade is wrong", placeholder="why"),),
    handler=_dispute,
    prose=True,
)
DISPUTES = CommandSpec(
    "disputes",
    "",
    "the open grade disputes, for reviewers (admins)",
    no_args("disputes", Disputes),
    handler=_disputes,
)
RESOLVE = CommandSpec(
    "resolve",
    f"N {RESOLVE_DECISIONS[0]} [SCORE%] [teach] | resolve N {RESOLVE_DECISIONS[1]} [why]",
    "decide a dispute; `teach` credits its wording next time (admins)",
    parse_resolve,
    options=(
        Option("dispute", "The dispute's number, from /drill disputes", kind="whole", low=1, required=True,
               placeholder="N"),
        Option("decision", "Accept or reject it", kind="choice", choices=RESOLVE_DECISIONS, required=True),
        Option("score", "Accept: the score in percent (default 100)", kind="whole", low=0, high=100),
        Option("teach", "Accept: credit this wording next time", kind="flag"),
        Option("why", "Reject: the reason the person is told", placeholder="why"),
    ),
    handler=disputes.resolve_reply,
    prose=True,
)
