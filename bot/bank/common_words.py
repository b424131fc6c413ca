"""The common English words that `content check` refuses as a one-word alias.

"Common" means a Zipf frequency of at least 4.0 in wordfreq's English list (at least 10
uses per million words: about 7,000 words such as "fit", "model", "cost", "threshold"),
so a one-word alias like these matches answers that lack the idea. The list is a
snapshot in common_words.txt, so the bot does not depend on wordfreq's 57 MB of data;
`python -m bot.bank.common_words` rewrites it where wordfreq is installed.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("common_words.txt")
ZIPF_AT_LEAST = 4.0
SOURCE = f"wordfreq 3.1.1, English, Zipf frequency >= {ZIPF_AT_LEAST}"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common(word: str) -> bool:
    return word.lower() in common_words()


def regenerate() -> int:
    """Rewrite the snapshot from wordfreq (only the maintainer needs wordfreq installed)."""
    try:
        import wordfreq
    except ImportError:
        print("pip install wordfreq==3.1.1 first", file=sys.stderr)
        return 2
    candidates = wordfreq.top_n_list("en", 30000)
    chosen = sorted(
        {w for w in candidates if re.fullmatch(r"[a-z]+", w) and wordfreq.zipf_frequency(w, "en") >= ZIPF_AT_LEAST}
    )
    WORDS_FILE.write_text(f"# {SOURCE}; made by python -m bot.bank.common_words\n" + "\n".join(chosen) + "\n")
    print(f"wrote {len(chosen)} words to {WORDS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(regenerate())
