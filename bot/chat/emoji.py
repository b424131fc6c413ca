"""One name per emoji, whatever skin tone, gender or presentation it was sent with.

Slack sends a toned reaction as `+1::skin-tone-5`; Discord sends the Unicode emoji
with its modifier (👍🏽) and, for a custom emoji, its name. People pick a tone without
thinking of kudos, so every variant of a kudos emoji must count as that emoji.
"""

from __future__ import annotations

import re

SLACK_SKIN_TONE = re.compile(r"::skin-tone-\d$")
DISCORD_CUSTOM = re.compile(r"^<a?:([\w~-]+):\d+>$")  # <:name:id> or <a:name:id> as typed in a setting
SKIN_TONES = {chr(c) for c in range(0x1F3FB, 0x1F400)}  # Fitzpatrick modifiers 1-2 ... 6
VARIATION_SELECTORS = {"\ufe0e", "\ufe0f"}
ZWJ = "\u200d"
GENDER_SIGNS = {"\u2640", "\u2642"}  # ♀ ♂, joined to a person emoji with a zero-width joiner


def normalise(emoji: str) -> str:
    """The emoji's plain name: 👍🏽 -> 👍, `+1::skin-tone-5` -> `+1`, 🙋‍♀️ -> 🙋,
    `:clap:` -> `clap`, `<:partyparrot:123>` -> `partyparrot`."""
    name = emoji.strip()
    custom = DISCORD_CUSTOM.match(name)
    if custom:
        return custom.group(1)
    name = SLACK_SKIN_TONE.sub("", name.strip(":")).strip(":")
    name = "".join(c for c in name if c not in SKIN_TONES and c not in VARIATION_SELECTORS)
    parts = [p for p in name.split(ZWJ) if p and p not in GENDER_SIGNS]
    return ZWJ.join(parts)


def emoji_set(setting: str) -> frozenset[str]:
    """The kudos setting (comma separated: names, Unicode emoji, `:custom:` or
    `<:custom:id>`), normalised as reactions are."""
    return frozenset(normalise(e) for e in setting.split(",") if e.strip())
