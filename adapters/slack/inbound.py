"""Text that comes from Slack, as the words people read: the one place it is decoded.

Slack sends message and command text escaped (`&amp;` `&lt;` `&gt;`) and with its
tokens: `<@U123>` for a person, `<#C123|general>` for a channel, `<!here>`,
`<!subteam^S1|@team>`, `<!date^…|fallback>` and `<https://…|label>` for links. An
answer must be graded and stored as what its author sees, so every text from Slack
(events, edits, commands, the thread history) goes through `readable` before the core
sees it: tokens become names (looked up where Slack gives none) and entities characters.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

TOKEN = re.compile(r"<([^<>\n]*)>")
USER = re.compile(r"^@([UW][A-Z0-9]+)$")
ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
ENTITY = re.compile("|".join(ENTITIES))
NameOf = Callable[[str], Awaitable[str]]


def unescape(text: str) -> str:
    """Slack's three entities back to characters (in one pass: `&amp;lt;` stays `&lt;`)."""
    return ENTITY.sub(lambda m: ENTITIES[m.group()], text)


def mentioned_users(text: str) -> list[str]:
    """The ids of people mentioned without a name in the token, once each."""
    ids = [m.group(1).split("|", 1)[0][1:] for m in TOKEN.finditer(text) if m.group(1).startswith("@")]
    return list(dict.fromkeys(i for i in ids if USER.match("@" + i)))


def _token(inside: str, names: dict[str, str], keep_mentions: bool) -> str:
    target, _, label = inside.partition("|")
    label = unescape(label)
    if target.startswith("@"):
        if keep_mentions and USER.match(target):
            return f"<{target}>"  # the command grammar reads people by id
        return "@" + (label.lstrip("@") or names.get(target[1:]) or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!date^"):
        return label or target
    if target.startswith("!subteam^"):
        return label or "@group"
    if target.startswith("!"):
        return "@" + target[1:]  # !here, !channel, !everyone
    url = unescape(target)
    return label if label and label != url else url


def plain_text(text: str, names: dict[str, str] | None = None, *, keep_mentions: bool = False) -> str:
    """`text` as Slack shows it: tokens as names (`names`: id -> display name) and
    entities as characters. `keep_mentions` leaves `<@U…>` for the command grammar."""
    out, at = [], 0
    for m in TOKEN.finditer(text):
        out.append(unescape(text[at : m.start()]))
        out.append(_token(m.group(1), names or {}, keep_mentions))
        at = m.end()
    out.append(unescape(text[at:]))
    return "".join(out)


async def readable(text: str, name_of: NameOf | None = None, *, keep_mentions: bool = False) -> str:
    """`plain_text`, with the names of people mentioned by id looked up by `name_of`."""
    names: dict[str, str] = {}
    if name_of is not None and not keep_mentions:
        for user_id in mentioned_users(text):
            names[user_id] = await name_of(user_id)
    return plain_text(text, names, keep_mentions=keep_mentions)
