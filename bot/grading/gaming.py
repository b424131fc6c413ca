"""Replies that should not earn coverage however many right words they contain:
no attempt, gibberish, the question copied back, a bare list of keywords, or a
teammate's earlier reply copied. Each detector is cheap and says why, for feedback."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.grading.text import Analysed, analyse

NO_ATTEMPT = re.compile(
    r"^\W*(i\s+(really\s+)?(do\s*n[o']?t|dont|have\s+no)\s+(know|idea|clue)|no\s+(idea|clue)|not\s+sure|"
    r"i\s+forgot|can'?t\s+remember|i\s+give\s+up|no\s+answer)\b",
    re.IGNORECASE,
)
NO_ATTEMPT_WORDS = re.compile(r"^\W*(idk|dunno|pass|skip|n/?a|none|nothing|no|\?+)\W*$", re.IGNORECASE)
VOWELS = set("aeiouy")
PEER_COPY_SIMILARITY = 90  # in order, word for word: honest answers to one question rarely come this close
SEGMENTS = re.compile(r"[,;\n•·|/]+|\s-\s|\band\b")


@dataclass(frozen=True)
class Verdict:
    """A reason to cap the score, the cap, and the one sentence to tell the person."""

    reason: str
    cap: float
    feedback: str


def no_attempt(reply: Analysed, raw: str) -> Verdict | None:
    if NO_ATTEMPT_WORDS.match(raw) or (len(reply.stems) <= 6 and NO_ATTEMPT.search(raw.strip())):
        return Verdict("no-attempt", 0.0, "No attempt this time; read the model answer and try the next one.")
    return None


def looks_like_word(word: str) -> bool:
    """A rough test that a token is a word, not keyboard mashing."""
    if word.isdigit() or len(word) <= 3:
        return True
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return True
    vowels = sum(c in VOWELS for c in letters)
    longest_consonant_run = max((len(run) for run in re.findall(r"[^aeiouy0-9]+", word)), default=0)
    repeated = re.search(r"(.)\1\1", word) is not None
    return 0.2 <= vowels / len(letters) <= 0.75 and longest_consonant_run <= 4 and not repeated


def gibberish(reply: Analysed) -> Verdict | None:
    tokens = [w for w in reply.words if len(w) > 3]
    if tokens and sum(not looks_like_word(w) for w in tokens) / len(tokens) >= 0.35:
        return Verdict("gibberish", 0.0, "That doesn't read as an answer; write a sentence or two in plain words.")
    return None


def copied_question(reply: Analysed, question: Analysed) -> Verdict | None:
    stems = reply.stem_set
    if not stems:
        return None
    new = stems - question.stem_set
    if len(new) <= 2 and len(stems & question.stem_set) >= max(2, 0.7 * len(stems)):
        return Verdict("question-copy", 0.05, "That repeats the question; answer it in your own words.")
    return None


def keyword_list(reply: Analysed, raw: str) -> Verdict | None:
    """Terms without the words that connect them into an explanation."""
    if len(reply.stems) < 3:
        return None
    segments = [s for s in SEGMENTS.split(raw) if s.strip()]
    words_per_segment = len(reply.words) / max(len(segments), 1)
    listy = len(segments) >= 3 and words_per_segment <= 3.5
    bare = reply.stopword_share == 0 and len(reply.words) >= 4 and not re.search(r"[.!?=]", raw)
    if bare or (listy and reply.stopword_share < 0.3):
        return Verdict(
            "keywords",
            0.25,
            "That's a list of terms, not an explanation; say how they fit together to earn the points.",
        )
    return None


def copied_peer(raw: str, earlier: Sequence[str]) -> Verdict | None:
    """A near-copy of a reply someone else posted earlier in the same round."""
    mine = " ".join(analyse(raw).words)
    if len(mine) < 20:
        return None
    for other in earlier:
        theirs = " ".join(analyse(other).words)
        if theirs and fuzz.ratio(mine, theirs) >= PEER_COPY_SIMILARITY:
            return Verdict("peer-copy", 0.0, "This matches a teammate's earlier reply, so it scores nothing.")
    return None


def too_short(reply: Analysed) -> Verdict | None:
    if len(reply.stems) < 5:
        return Verdict("short", 0.2, "Too short to show understanding; explain the idea in a sentence or two.")
    return None
