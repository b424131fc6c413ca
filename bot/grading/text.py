"""Turning free text into comparable stems: lower case, words, British spellings folded
into American ones, Snowball stems, and stop words set aside."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either else even ever every few for from
    further had has have having he her here hers herself him himself his how however i if in into is it its itself
    just let like may me might more most much must my myself no nor not now of off often on once one only or other
    our ours ourselves out over own per rather same she should so some such than that the their theirs them
    themselves then there these they this those through thus to too under until up upon us very via was we were
    what when where whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves get gets got make makes made use used uses using way ways thing things""".split()  # noqa: SIM905
)
# British spellings that stem differently from the American ones ("regularisation",
# "tumour"); words that merely end the same way are listed as exceptions.
BRITISH_IS = re.compile(r"(?<=[a-z]{3})(is|ys)(e|ed|es|ing|ation|ations)$")
BRITISH_OUR = re.compile(r"(?<=[a-z]{2})our(s|ed|ing)?$")
NOT_BRITISH = frozenset(
    """noise precise concise wise otherwise likewise raise praise exercise promise advise surprise expertise
    premise compromise enterprise revise supervise franchise arise rise paradise advertise devise comprise
    disguise improvise televise merchandise chemise contour detour devour amour""".split()  # noqa: SIM905
)
_STEMMER = snowballstemmer.stemmer("english")


def fold_spelling(word: str) -> str:
    """'normalised' -> 'normalized', 'tumours' -> 'tumors'; 'supervised' stays."""
    if len(word) < 6:
        return word
    if match := BRITISH_IS.search(word):
        if BRITISH_IS.sub(lambda m: m.group(1) + "e", word) in NOT_BRITISH:
            return word
        z = "iz" if match.group(1) == "is" else "yz"
        return word[: match.start()] + z + match.group(2)
    if (match := BRITISH_OUR.search(word)) and word[: match.start()] + "our" not in NOT_BRITISH:
        return word[: match.start()] + "or" + (match.group(1) or "")
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(fold_spelling(word))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


@dataclass(frozen=True)
class Analysed:
    """A text as the grader sees it."""

    words: tuple[str, ...]
    stems: tuple[str, ...]  # content stems, in order, repeats kept
    stopword_share: float

    @property
    def stem_set(self) -> frozenset[str]:
        return frozenset(self.stems)


@lru_cache(maxsize=4096)
def analyse(text: str) -> Analysed:
    tokens = words(text)
    content = tuple(stem(w) for w in tokens if w not in STOPWORDS)
    share = (len(tokens) - len(content)) / len(tokens) if tokens else 0.0
    return Analysed(tuple(tokens), content, share)


def content_stems(text: str) -> frozenset[str]:
    return analyse(text).stem_set


SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\n+|\s+[•*]\s+|\s+-\s+(?=[A-Z])")
CLAUSE_BREAK = re.compile(r",|;|:|\(|\)|\s(?:but|whereas|while|although|though|however|because)\s", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and list items); empty pieces dropped."""
    return [s.strip(" -*•\t") for s in SENTENCE_BREAK.split(text) if s and any(c.isalnum() for c in s)]


def clauses(sentence: str) -> list[str]:
    return [c for c in CLAUSE_BREAK.split(sentence) if c and any(ch.isalnum() for ch in c)]


def stem_pairs(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) for each content word, in order."""
    return [(stem(w), w) for w in words(text) if w not in STOPWORDS]
