"""Replies that should not earn coverage however many right words they contain:
no attempt, gibberish, the question copied back, a bare list of keywords, or a
teammate's earlier reply copied. Each detector is cheap and says why, for feedback."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.grading.text import Analysed, analyse, words

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
    """Mostly tokens that are neither English words nor shaped like them."""
    from bot.grading.weights import known_word

    tokens = [w for w in reply.words if len(w) > 3]
    if tokens and sum(not known_word(w) and not looks_like_word(w) for w in tokens) / len(tokens) >= 0.5:
        return Verdict("gibberish", 0.0, "That doesn't read as an answer; write a sentence or two in plain words.")
    return None


def copied_question(reply: Analysed, question: Analysed, reference: frozenset[str] = frozenset()) -> Verdict | None:
    """The prompt's words given back, with nothing from the answer added."""
    stems = reply.stem_set
    if not stems:
        return None
    new = stems - question.stem_set
    if new & reference:
        return None
    if len(new) <= 2 and len(stems & question.stem_set) >= max(2, 0.7 * len(stems)):
        return Verdict("question-copy", 0.05, "That repeats the question; answer it in your own words.")
    return None


def keyword_list(reply: Analysed, raw: str) -> Verdict | None:
    """Terms without the words that connect them into an explanation."""
    if len(reply.stems) < 3:
        return None
    segments = [s for s in SEGMENTS.split(raw) if s.strip()]
    words_per_segment = len(reply.words) / max(len(segments), 1)
    listy = len(segments) >= 4 and words_per_segment <= 3
    bare = reply.stopword_share == 0 and len(reply.words) >= 4 and not re.search(r"[.!?=]", raw)
    if bare or (listy and reply.stopword_share < 0.2):
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


def too_short(reply: Analysed, reference_size: int = 15) -> Verdict | None:
    """Fewer than five content words, when the reference needs three times that."""
    if len(reply.stems) < min(5, reference_size // 3):
        return Verdict("short", 0.2, "Too short to show understanding; explain the idea in a sentence or two.")
    return None


# Word order: in English a determiner or a preposition is followed by a content word
# (or a preposition by a determiner: "of the"). Text whose function words are followed
# by other function words or end the text is scrambled, not written.
DETERMINERS = frozenset("the a an this these those its their his her our your my each every".split())  # noqa: SIM905
PREPOSITIONS = frozenset(
    "of in on at by for with from to into onto over under about between through during without within against "  # noqa: SIM905
    "among via per than".split()
)
AUXILIARIES = frozenset(
    "is are was were be been being has have had do does did will would can could should may might must".split()  # noqa: SIM905
)
CONJUNCTIONS = frozenset("and or but nor so because although while whereas if".split())  # noqa: SIM905
SUBJECTS = frozenset("i we they he she".split())  # noqa: SIM905
OBJECTS = frozenset("it you them us me".split())  # noqa: SIM905
CANNOT_FOLLOW = DETERMINERS | PREPOSITIONS | AUXILIARIES | CONJUNCTIONS | SUBJECTS | OBJECTS
SALAD_MIN_HEADS = 12
SALAD_RATE = 0.25  # share of determiners and prepositions in an impossible place; written text stays far below
SALAD_MIN_WORDS = 20
FROM_REFERENCE = 0.8  # a reply this much made of the model answer's words...
REUSED = 0.5  # ...that reuses this much of its vocabulary is checked for its order
SHUFFLES = 5
ORDER_BEYOND_CHANCE = 0.25  # a written reply reuses far more of the reference's word pairs than chance


def scrambled_share(tokens: Sequence[str], exempt: frozenset[str]) -> tuple[int, int]:
    """(function words followed by something English never puts there, function words
    counted). Words of the prompt are exempt: in "do ... while" they are terms."""
    heads = bad = 0
    for i, token in enumerate(tokens):
        if token in exempt or token not in DETERMINERS | PREPOSITIONS:
            continue
        heads += 1
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following is None or (following in CANNOT_FOLLOW and following not in exempt):
            if token in PREPOSITIONS and following in DETERMINERS | OBJECTS:
                continue
            if token == "to" and following in AUXILIARIES:
                continue
            bad += 1
    return bad, heads


def order_agreement(tokens: Sequence[str], bigrams: frozenset[tuple[str, str]]) -> float:
    pairs = list(zip(tokens, tokens[1:], strict=False))
    return sum(p in bigrams for p in pairs) / len(pairs) if pairs else 0.0


def reshuffled_agreement(tokens: Sequence[str], bigrams: frozenset[tuple[str, str]]) -> float:
    """How often a random order of the same words would put them next to each other as the
    reference does (mean of a few fixed-seed shuffles, so grading stays deterministic)."""
    rng = random.Random(len(tokens))
    total = 0.0
    for _ in range(SHUFFLES):
        order = list(tokens)
        rng.shuffle(order)
        total += order_agreement(order, bigrams)
    return total / SHUFFLES


def word_salad(reply: Analysed, asked: Analysed, reference: Analysed) -> Verdict | None:
    """The reference's (or any) words in an order that explains nothing.

    A reply made almost only of the model answer's words should also follow its word
    order in places; when its words stand next to each other as the reference has them
    hardly more often than in a random order of the same words, it is a salad. Any
    other text is a salad when its determiners and prepositions stand where English
    never puts them."""
    tokens = reply.words
    verdict = Verdict("word-salad", 0.1, "Those words are in no order that explains anything; write it as sentences.")
    vocabulary = frozenset(reference.words)
    borrowed = sum(t in vocabulary for t in tokens) >= FROM_REFERENCE * len(tokens)
    if len(tokens) >= SALAD_MIN_WORDS and borrowed and len(set(tokens) & vocabulary) >= REUSED * len(vocabulary):
        bigrams = frozenset(zip(reference.words, reference.words[1:], strict=False))
        actual = order_agreement(tokens, bigrams)
        if actual - reshuffled_agreement(tokens, bigrams) < ORDER_BEYOND_CHANCE:
            return verdict
    bad, heads = scrambled_share(tokens, frozenset(asked.words))
    if heads >= SALAD_MIN_HEADS and bad / heads >= SALAD_RATE:
        return verdict
    return None


REPEATED_MIN = 3


def repetition(raw: str, sentence_list: Sequence[str], reply: Analysed) -> Verdict | None:
    """The same sentence (or the same few words) over and over."""
    normal = [" ".join(words(s)) for s in sentence_list]
    repeated = len(normal) >= REPEATED_MIN and len(set(normal)) <= len(normal) / 2
    stems = reply.stems
    monotonous = len(stems) >= 30 and len(set(stems)) <= 0.2 * len(stems)
    if repeated or monotonous:
        return Verdict("repeated", 0.2, "Saying the same thing again adds nothing; explain the idea once, fully.")
    return None
